import { PlaceholderPage } from '../PlaceholderPage';

/** Still to be built: says honestly what it will hold. */
export function PlaygroundPage() {
  return <PlaceholderPage page="playground" />;
}
