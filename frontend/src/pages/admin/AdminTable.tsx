import { Checkbox } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useId, type ReactNode } from 'react';

export interface Column<T> {
  title: string;
  cell: (row: T) => ReactNode;
}

/** Rows a user can tick, each checkbox named for what it selects (screen readers, e2e tests). */
export interface Selection<T> {
  isSelected: (row: T) => boolean;
  onToggle: (row: T, selected: boolean) => void;
  label: (row: T) => string;
  allLabel: string;
  onToggleAll: (selected: boolean) => void;
}

interface Props<T> {
  label: string;
  rows: T[];
  rowKey: (row: T) => string;
  columns: Column<T>[];
  selection?: Selection<T>;
}

/** The administration area's one table: columns as data, optional row selection. */
export function AdminTable<T>({ label, rows, rowKey, columns, selection }: Props<T>) {
  const id = useId(); // the label has spaces, an element id must not
  const allSelected = rows.length > 0 && rows.every((row) => selection?.isSelected(row));
  return (
    <Table aria-label={label} variant="compact">
      <Thead>
        <Tr>
          {selection && (
            <Th aria-label={selection.allLabel}>
              <Checkbox
                id={`${id}-all`}
                aria-label={selection.allLabel}
                isChecked={allSelected}
                onChange={(_event, checked) => {
                  selection.onToggleAll(checked);
                }}
              />
            </Th>
          )}
          {columns.map((column) => (
            <Th key={column.title}>{column.title}</Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr key={rowKey(row)}>
            {selection && (
              <Td>
                <Checkbox
                  id={`${id}-${rowKey(row)}`}
                  aria-label={selection.label(row)}
                  isChecked={selection.isSelected(row)}
                  onChange={(_event, checked) => {
                    selection.onToggle(row, checked);
                  }}
                />
              </Td>
            )}
            {columns.map((column) => (
              <Td key={column.title} dataLabel={column.title}>
                {column.cell(row)}
              </Td>
            ))}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
