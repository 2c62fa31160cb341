import { Accordion, ActionIcon, Badge, Group, ScrollArea, Stack, Table, Text, TextInput, Tooltip, UnstyledButton } from '@mantine/core'
import { useMemo, useState } from 'react'
import { useDatasetTables } from '../../api/hooks'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import classes from './SchemaBrowser.module.css'
import { filterTables } from './schema'

/** TAP_SCHEMA browser: tables → columns; clicking a name inserts it into the ADQL text. */
export function SchemaBrowser({ dataset, onInsert }: { dataset: string | null; onInsert: (text: string) => void }) {
  const tables = useDatasetTables(dataset)
  const [filter, setFilter] = useState('')

  const shown = useMemo(() => filterTables(tables.data?.tables ?? [], filter), [tables.data, filter])

  if (!dataset) {
    return (
      <Text size="sm" c="dimmed" data-testid="schema-browser-empty">
        Choose a dataset to browse its tables.
      </Text>
    )
  }
  if (tables.isPending) return <LoadingBlock label="Reading TAP_SCHEMA…" testId="schema-loading" />
  if (tables.error) {
    return <ErrorAlert error={tables.error} title="Could not read the tables" onRetry={() => void tables.refetch()} testId="schema-error" />
  }

  return (
    <Stack gap="xs" data-testid="schema-browser">
      <TextInput
        size="xs"
        placeholder="Filter tables and columns…"
        value={filter}
        onChange={(e) => setFilter(e.currentTarget.value)}
        aria-label="Filter tables and columns"
        data-testid="schema-filter"
      />
      <Text size="xs" c="dimmed">
        {shown.length} table{shown.length === 1 ? '' : 's'} · click a name to insert it
      </Text>
      <ScrollArea.Autosize mah={520} type="auto" offsetScrollbars>
        <Accordion multiple variant="contained" chevronPosition="left" defaultValue={shown.length === 1 ? [shown[0].name] : []}>
          {shown.map((table) => (
            <Accordion.Item key={table.name} value={table.name} data-testid={`schema-table-${table.name}`}>
              <Group wrap="nowrap" gap={0}>
                <Accordion.Control data-testid={`schema-table-toggle-${table.name}`}>
                  <Text size="sm" fw={600} className="mono">
                    {table.name}
                  </Text>
                  {table.description && (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {table.description}
                    </Text>
                  )}
                </Accordion.Control>
                <Tooltip label="Insert table name">
                  <ActionIcon
                    variant="subtle"
                    mx={6}
                    aria-label={`Insert ${table.name}`}
                    onClick={() => onInsert(table.name)}
                    data-testid={`insert-table-${table.name}`}
                  >
                    ⤵
                  </ActionIcon>
                </Tooltip>
              </Group>
              <Accordion.Panel>
                <Table fz="xs" verticalSpacing={2} horizontalSpacing={6} highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>column</Table.Th>
                      <Table.Th>type</Table.Th>
                      <Table.Th>unit</Table.Th>
                      <Table.Th>UCD</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {table.columns.map((column) => (
                      <Table.Tr key={column.name} data-testid="schema-column" data-column={column.name}>
                        <Table.Td>
                          <Tooltip label={column.description || 'no description'} multiline maw={320} openDelay={300}>
                            <UnstyledButton
                              className={classes.columnName}
                              onClick={() => onInsert(column.name)}
                              data-testid={`insert-column-${column.name}`}
                            >
                              {column.name}
                            </UnstyledButton>
                          </Tooltip>
                          {column.description && (
                            <Text size="xs" c="dimmed" lineClamp={1}>
                              {column.description}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{column.datatype ?? ''}</Table.Td>
                        <Table.Td>{column.unit ?? ''}</Table.Td>
                        <Table.Td>
                          {column.ucd ? (
                            <Badge size="xs" variant="outline" tt="none">
                              {column.ucd}
                            </Badge>
                          ) : null}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      </ScrollArea.Autosize>
    </Stack>
  )
}
