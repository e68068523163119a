import { ToolbarItem } from '@patternfly/react-core';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ListToolbar } from './ListToolbar';
import { usePaging } from './usePaging';

function Harness({ onPageChange }: { onPageChange?: () => void }) {
  const paging = usePaging();
  return (
    <>
      <ListToolbar paging={paging} total={45} searchLabel="Find things" onPageChange={onPageChange}>
        <ToolbarItem>
          <button type="button" onClick={paging.toFirstPage}>
            Filter
          </button>
        </ToolbarItem>
      </ListToolbar>
      <output>{`page ${String(paging.page)} of size ${String(paging.pageSize)}, offset ${String(paging.offset)}, search "${paging.search}"`}</output>
    </>
  );
}

const shown = () => screen.getByRole('status').textContent;

describe('ListToolbar with usePaging', () => {
  it('pages, and a new search starts again from page 1', async () => {
    const onPageChange = vi.fn();
    render(<Harness onPageChange={onPageChange} />);
    const user = userEvent.setup();
    expect(shown()).toBe('page 1 of size 20, offset 0, search ""');
    await user.click(screen.getByRole('button', { name: 'Go to the next page' }));
    expect(shown()).toBe('page 2 of size 20, offset 20, search ""');
    expect(onPageChange).toHaveBeenCalledTimes(1);

    await user.type(screen.getByRole('textbox', { name: 'Find things' }), ' llama ');
    expect(screen.getByPlaceholderText('Find things')).toBeInTheDocument();
    // the search settles (trimmed) once typing stops; the page is back to 1 at once
    await waitFor(() => {
      expect(shown()).toBe('page 1 of size 20, offset 0, search "llama"');
    });

    await user.click(screen.getByRole('button', { name: 'Go to the next page' }));
    expect(shown()).toBe('page 2 of size 20, offset 20, search "llama"');
    await user.click(screen.getByRole('button', { name: 'Filter' }));
    expect(shown()).toBe('page 1 of size 20, offset 0, search "llama"');
  });
});
