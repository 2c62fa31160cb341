import { Badge, Button, Checkbox, Group, Input, Paper, ScrollArea, Stack, Text } from '@mantine/core'
import { useMemo } from 'react'
import type { Dataset, QueryKind } from '../../api/types'
import { HealthBadge } from '../../components/HealthBadge'
import { groupByArchive } from './datasetGroups'

/** Multi-select of datasets, grouped by archive (archive checkbox toggles all its datasets). */
export function DatasetPicker({
  datasets,
  value,
  onChange,
  error,
  highlightKinds,
}: {
  datasets: Dataset[]
  value: string[]
  onChange: (value: string[]) => void
  error?: string
  /** Datasets supporting none of these query kinds are marked (the archive will skip them). */
  highlightKinds?: QueryKind[]
}) {
  const groups = useMemo(() => groupByArchive(datasets), [datasets])
  const selected = new Set(value)

  const setMany = (slugs: string[], on: boolean) => {
    const next = new Set(selected)
    for (const slug of slugs) {
      if (on) next.add(slug)
      else next.delete(slug)
    }
    // Keep the datasets' order.
    onChange(datasets.map((d) => d.slug).filter((slug) => next.has(slug)))
  }

  return (
    <Input.Wrapper
      label="Datasets"
      description={`${value.length} of ${datasets.length} selected`}
      error={error}
      data-testid="dataset-picker"
    >
      <Paper withBorder p="xs" mt={6}>
        <Group gap="xs" mb="xs">
          <Button size="compact-xs" variant="light" onClick={() => onChange(datasets.map((d) => d.slug))} data-testid="pick-all">
            All
          </Button>
          <Button size="compact-xs" variant="default" onClick={() => onChange([])} data-testid="pick-none">
            None
          </Button>
        </Group>
        <ScrollArea.Autosize mah={340} type="auto" offsetScrollbars>
          <Stack gap="sm">
            {groups.map((group) => {
              const slugs = group.datasets.map((d) => d.slug)
              const count = slugs.filter((s) => selected.has(s)).length
              return (
                <Stack key={group.archive} gap={4}>
                  <Checkbox
                    label={<Text fw={600} size="sm">{group.archiveName}</Text>}
                    checked={count === slugs.length && count > 0}
                    indeterminate={count > 0 && count < slugs.length}
                    onChange={(e) => setMany(slugs, e.currentTarget.checked)}
                    data-testid={`pick-archive-${group.archive}`}
                  />
                  <Stack gap={4} pl="lg">
                    {group.datasets.map((dataset) => {
                      const unsupported =
                        highlightKinds && !highlightKinds.some((k) => dataset.capabilities?.query_kinds?.includes(k))
                      return (
                        <Group key={dataset.slug} gap="xs" wrap="nowrap">
                          <Checkbox
                            size="sm"
                            label={
                              <Text size="sm" c={unsupported ? 'dimmed' : undefined}>
                                {dataset.name}
                              </Text>
                            }
                            checked={selected.has(dataset.slug)}
                            onChange={(e) => setMany([dataset.slug], e.currentTarget.checked)}
                            data-testid={`pick-dataset-${dataset.slug}`}
                          />
                          <Badge size="xs" variant="light">
                            {dataset.connector_type}
                          </Badge>
                          <HealthBadge health={dataset.health} />
                          {unsupported && (
                            <Text size="xs" c="dimmed">
                              (does not support this query)
                            </Text>
                          )}
                        </Group>
                      )
                    })}
                  </Stack>
                </Stack>
              )
            })}
          </Stack>
        </ScrollArea.Autosize>
      </Paper>
    </Input.Wrapper>
  )
}
