import { ActionIcon, Alert, Button, Card, Grid, Group, Select, Stack, Text, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import type { DidSearchType, MetadataOp } from '../rucio/types'
import { DatasetPicker } from './DatasetPicker'
import { DID_TYPES, METADATA_OPS, buildDidSearch, newMetadataRow, type MetadataRow } from './rucioQuery'
import { useSearchForm, type SearchFormProps } from './useSearchForm'

const KNOWN_KEYS = /^(datasets|did\.(pattern|type|created_after|created_before|metadata\.\d+\.(key|op|value)))$/

/**
 * Data-lake (Rucio) DID search: a `scope:name` pattern, a DID type, metadata filters and a
 * creation window, sent as a federated search with a `did` query to the Rucio datasets.
 */
export function RucioSearchForm({
  datasets,
  datasetsLoading,
  datasetsError,
  preselected,
}: SearchFormProps) {
  const [pattern, setPattern] = useState('')
  const [type, setType] = useState<DidSearchType>('all')
  const [metadata, setMetadata] = useState<MetadataRow[]>([])
  const [createdAfter, setCreatedAfter] = useState('')
  const [createdBefore, setCreatedBefore] = useState('')
  const { selected, chooseDatasets, errors, clearError, general, send, sending } = useSearchForm(
    datasets,
    preselected,
    KNOWN_KEYS,
  )
  const updateRow = (index: number, patch: Partial<MetadataRow>) =>
    setMetadata((rows) => rows.map((row, i) => (i === index ? { ...row, ...patch } : row)))

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const { errors: found, body } = buildDidSearch({ pattern, type, metadata, createdAfter, createdBefore, datasets: selected })
    send(found, body)
  }

  if (datasetsLoading) return <LoadingBlock label="Loading datasets…" />
  if (datasetsError) return <ErrorAlert error={datasetsError} title="Could not load the datasets" />

  return (
    <form onSubmit={submit} noValidate data-testid="rucio-form">
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Card withBorder padding="md">
              <Stack gap="sm">
                <Grid gap="sm">
                  <Grid.Col span={{ base: 12, sm: 8 }}>
                    <TextInput
                      label="DID pattern"
                      description="scope:name, * as wildcard in both; without a colon: a name in every scope"
                      placeholder="e.g. user.*:*calib*"
                      value={pattern}
                      onChange={(e) => {
                        setPattern(e.currentTarget.value)
                        clearError('did.pattern')
                      }}
                      error={errors['did.pattern']}
                      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                      autoComplete="off"
                      data-testid="rucio-pattern"
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 4 }}>
                    <Select
                      label="Type"
                      description="of the DIDs"
                      data={DID_TYPES}
                      value={type}
                      allowDeselect={false}
                      onChange={(value) => value && setType(value as DidSearchType)}
                      error={errors['did.type']}
                      data-testid="rucio-type"
                      comboboxProps={{ withinPortal: true }}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 6 }}>
                    <TextInput
                      type="date"
                      label="Created after"
                      value={createdAfter}
                      onChange={(e) => {
                        setCreatedAfter(e.currentTarget.value)
                        clearError('did.created_after')
                      }}
                      error={errors['did.created_after']}
                      data-testid="rucio-created-after"
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 6 }}>
                    <TextInput
                      type="date"
                      label="Created before"
                      value={createdBefore}
                      onChange={(e) => {
                        setCreatedBefore(e.currentTarget.value)
                        clearError('did.created_before')
                      }}
                      error={errors['did.created_before']}
                      data-testid="rucio-created-before"
                    />
                  </Grid.Col>
                </Grid>
              </Stack>
            </Card>

            <Card withBorder padding="md">
              <Stack gap="xs" data-testid="rucio-metadata">
                <Group justify="space-between">
                  <Text size="sm" fw={500}>
                    Metadata filters{' '}
                    <Text span c="dimmed" size="xs">
                      (optional; all must match; numbers and true/false are compared as such)
                    </Text>
                  </Text>
                  <Button
                    size="compact-xs"
                    variant="light"
                    onClick={() => setMetadata((rows) => [...rows, newMetadataRow()])}
                    data-testid="rucio-add-metadata"
                  >
                    + Add filter
                  </Button>
                </Group>
                {metadata.length === 0 && (
                  <Text size="xs" c="dimmed">
                    No metadata filters.
                  </Text>
                )}
                {metadata.map((row, index) => (
                  <Group key={row.id} gap="xs" align="flex-start" wrap="nowrap" data-testid={`rucio-metadata-${index}`}>
                    <TextInput
                      aria-label="Metadata key"
                      placeholder="key, e.g. telescope"
                      value={row.key}
                      onChange={(e) => {
                        updateRow(index, { key: e.currentTarget.value })
                        clearError(`did.metadata.${index}.key`)
                      }}
                      error={errors[`did.metadata.${index}.key`]}
                      style={{ flex: 2 }}
                      data-testid={`rucio-metadata-${index}-key`}
                    />
                    <Select
                      aria-label="Operator"
                      data={METADATA_OPS}
                      value={row.op}
                      allowDeselect={false}
                      onChange={(op) => op && updateRow(index, { op: op as MetadataOp })}
                      error={errors[`did.metadata.${index}.op`]}
                      w={80}
                      data-testid={`rucio-metadata-${index}-op`}
                      comboboxProps={{ withinPortal: true }}
                    />
                    <TextInput
                      aria-label="Value"
                      placeholder="value"
                      value={row.value}
                      onChange={(e) => {
                        updateRow(index, { value: e.currentTarget.value })
                        clearError(`did.metadata.${index}.value`)
                      }}
                      error={errors[`did.metadata.${index}.value`]}
                      style={{ flex: 2 }}
                      data-testid={`rucio-metadata-${index}-value`}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      mt={4}
                      aria-label="Remove filter"
                      onClick={() => setMetadata((rows) => rows.filter((_, i) => i !== index))}
                    >
                      ✕
                    </ActionIcon>
                  </Group>
                ))}
              </Stack>
            </Card>

            {general && (
              <Alert color="red" variant="light" data-testid="rucio-form-error">
                {general}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={sending} data-testid="rucio-submit">
                Find DIDs
              </Button>
            </Group>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <DatasetPicker
            datasets={datasets}
            value={selected}
            onChange={chooseDatasets}
            error={errors.datasets}
          />
        </Grid.Col>
      </Grid>
    </form>
  )
}
