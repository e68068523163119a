import { Th, Thead, Tr } from '@patternfly/react-table';

/** A table's header row from its columns' titles (the same map names each cell's dataLabel). */
export function TableHead({ columns }: { columns: Record<string, string> }) {
  return (
    <Thead>
      <Tr>
        {Object.values(columns).map((title) => (
          <Th key={title}>{title}</Th>
        ))}
      </Tr>
    </Thead>
  );
}
