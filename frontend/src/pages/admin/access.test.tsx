import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousViolations } from '../../test/axe';
import { page } from '../../test/data';
import { mockApi, ok } from '../../test/fetchMock';
import { alice, renderLoggedIn } from '../../test/render';
import { adminUser, auditor, root } from './fixtures';

describe('administration access', () => {
  it('tells a user without an admin role they are not allowed, and asks the API nothing', async () => {
    const calls = mockApi({});
    renderLoggedIn('/admin/users', alice);
    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Administration sections' })).toBeNull();
    expect(calls.filter((call) => call.path.startsWith('/admin'))).toEqual([]);
    await expectNoSeriousViolations();
  });

  it('opens on the users section, with a nav to every section', async () => {
    mockApi({ 'GET /admin/users': () => ok(page([adminUser('bob')])) });
    renderLoggedIn('/admin', root);
    const sections = await screen.findByRole('navigation', { name: 'Administration sections' });
    const links = within(sections).getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual([
      'Users',
      'Approvals',
      'Models',
      'Teams',
      'Sync with LiteLLM',
      'Audit log',
    ]);
    expect(within(sections).getByRole('link', { name: 'Users' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(await screen.findByRole('row', { name: /bob/ })).toBeInTheDocument();
  });

  it('tells a read-only admin they change nothing', async () => {
    mockApi({ 'GET /admin/users': () => ok(page([])) });
    renderLoggedIn('/admin/users', auditor);
    expect(await screen.findByText(/You have read-only access/)).toBeInTheDocument();
  });
});
