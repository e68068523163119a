import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { NAV } from './navigation';
import { expectNoSeriousViolations } from '../test/axe';
import { mockApi } from '../test/fetchMock';
import { alice, renderLoggedIn } from '../test/render';

describe('the frame around every page', () => {
  it('shows the home page with one nav, and is accessible', async () => {
    mockApi({});
    renderLoggedIn('/');
    expect(
      screen.getByRole('heading', { level: 1, name: 'Welcome, Alice Example' }),
    ).toBeInTheDocument();
    // jsdom lays nothing out, so PatternFly sees a narrow page and folds the nav away
    await userEvent
      .setup()
      .click(screen.getByRole('button', { name: 'Show or hide the navigation' }));
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: 'Home' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).queryByRole('link', { name: 'Administration' })).not.toBeInTheDocument();
    expect(document.title).toBe('Welcome, Alice Example · LiteMaaS');
    await expectNoSeriousViolations();
  });

  // every page in the nav opens with its title as the one h1 (no API answers: its empty or
  // error state), and is accessible; each page's own tests cover its content
  it.each(NAV.map((entry) => entry.path))('%s opens, titled, accessible', async (path) => {
    mockApi({});
    renderLoggedIn(path, { ...alice, roles: ['user', 'admin'] });
    expect(await screen.findByRole('heading', { level: 1 })).toBeInTheDocument();
    await expectNoSeriousViolations();
  });

  it('switches language everywhere', async () => {
    mockApi({});
    renderLoggedIn('/');
    await userEvent.setup().selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'es');
    expect(
      await screen.findByRole('heading', { name: 'Bienvenido/a, Alice Example' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Mostrar u ocultar la navegación' }),
    ).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('es');
    expect(localStorage.getItem('litemaas.language')).toBe('es');
  });

  it('toggles the dark theme on <html> and remembers it', async () => {
    mockApi({});
    renderLoggedIn('/');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Switch to the dark theme' }));
    expect(document.documentElement).toHaveClass('pf-v6-theme-dark');
    expect(localStorage.getItem('litemaas.theme')).toBe('dark');
    expect(screen.getByRole('button', { name: 'Switch to the light theme' })).toBeInTheDocument();
  });
});
