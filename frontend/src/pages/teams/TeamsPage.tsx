import { Route, Routes } from 'react-router';
import { TeamDetail } from './TeamDetail';
import { TeamsList } from './TeamsList';

/** `/teams` (my teams, or every team for admins) and `/teams/:id` (one team). */
export function TeamsPage() {
  return (
    <Routes>
      <Route index element={<TeamsList />} />
      <Route path=":id" element={<TeamDetail />} />
    </Routes>
  );
}
