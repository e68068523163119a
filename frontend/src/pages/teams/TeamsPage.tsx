import { PlaceholderPage } from '../PlaceholderPage';

/** Still to be built: says honestly what it will hold. */
export function TeamsPage() {
  return <PlaceholderPage page="teams" />;
}
