import { Alert, Button, Card, Grid, Group, Stack, Text, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import { ConstraintsEditor } from './ConstraintsEditor'
import type { ConstraintRow } from './constraints'
import { DatasetPicker } from './DatasetPicker'
import { parseDec, parsePosition, parseRa } from './coords'
import { useSearchForm, type SearchFormProps } from './useSearchForm'
import { buildPositionSearch } from './validation'

const KNOWN_KEYS = /^(ra|dec|radius|keyword|row_limit|name|datasets|constraints\.\d+\.(param|op|value|high))$/

export function PositionSearchForm({
  datasets,
  datasetsLoading,
  datasetsError,
  preselected,
}: SearchFormProps) {
  const [ra, setRa] = useState('')
  const [dec, setDec] = useState('')
  const [radius, setRadius] = useState('0.1')
  const [keyword, setKeyword] = useState('')
  const [rowLimit, setRowLimit] = useState('')
  const [name, setName] = useState('')
  const [constraints, setConstraints] = useState<ConstraintRow[]>([])
  const { allSlugs, selected, chooseDatasets, errors, clearError, clearErrorsUnder, general, send, sending } = useSearchForm(
    datasets,
    preselected,
    KNOWN_KEYS,
  )

  const onRaBlur = () => {
    // A whole position pasted into RA ("10:00:00 +02:00:00") is split into RA and Dec.
    const pair = parsePosition(ra)
    if (pair && !parseRa(ra).ok) {
      setRa(pair.ra)
      setDec(pair.dec)
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const { errors: found, body } = buildPositionSearch({
      ra,
      dec,
      radius,
      keyword,
      constraints,
      rowLimit,
      name,
      datasets: selected,
      allDatasets: allSlugs,
    })
    send(found, body)
  }

  const raPreview = ra.trim() && /[:hms\s]/.test(ra.trim()) ? parseRa(ra) : null
  const decPreview = dec.trim() && /[:dms°\s]/.test(dec.trim().replace(/^[+-]/, '')) ? parseDec(dec) : null

  return (
    <form onSubmit={submit} noValidate data-testid="position-form">
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Card withBorder padding="md">
              <Text fw={600} mb="xs">
                Position (cone)
              </Text>
              <Grid gap="sm">
                <Grid.Col span={{ base: 12, sm: 5 }}>
                  <TextInput
                    label="RA"
                    description={
                      raPreview?.ok ? `= ${raPreview.value.toFixed(5)}°` : 'degrees or hh:mm:ss'
                    }
                    placeholder="e.g. 155.0 or 10:20:00"
                    value={ra}
                    onChange={(e) => {
                      setRa(e.currentTarget.value)
                      clearError('ra')
                    }}
                    onBlur={onRaBlur}
                    error={errors.ra}
                    data-testid="input-ra"
                    autoComplete="off"
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, sm: 4 }}>
                  <TextInput
                    label="Dec"
                    description={decPreview?.ok ? `= ${decPreview.value.toFixed(5)}°` : 'degrees or ±dd:mm:ss'}
                    placeholder="e.g. 0.0 or +02:00:00"
                    value={dec}
                    onChange={(e) => {
                      setDec(e.currentTarget.value)
                      clearError('dec')
                    }}
                    error={errors.dec}
                    data-testid="input-dec"
                    autoComplete="off"
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, sm: 3 }}>
                  <TextInput
                    label="Radius"
                    description="degrees"
                    value={radius}
                    onChange={(e) => {
                      setRadius(e.currentTarget.value)
                      clearError('radius')
                    }}
                    error={errors.radius}
                    data-testid="input-radius"
                    inputMode="decimal"
                    autoComplete="off"
                  />
                </Grid.Col>
              </Grid>
            </Card>

            <Card withBorder padding="md">
              <Stack gap="sm">
                <TextInput
                  label="Keyword"
                  description="optional free text, for archives that support it"
                  value={keyword}
                  onChange={(e) => {
                    setKeyword(e.currentTarget.value)
                    clearError('keyword')
                  }}
                  error={errors.keyword}
                  data-testid="input-keyword"
                />
                <ConstraintsEditor
                  rows={constraints}
                  onChange={(rows) => {
                    setConstraints(rows)
                    clearErrorsUnder('constraints.')
                  }}
                  errors={errors}
                />
              </Stack>
            </Card>

            <Card withBorder padding="md">
              <Grid gap="sm">
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <TextInput
                    label="Row limit"
                    description="per dataset; empty = each dataset's default"
                    value={rowLimit}
                    onChange={(e) => {
                      setRowLimit(e.currentTarget.value)
                      clearError('row_limit')
                    }}
                    error={errors.row_limit}
                    inputMode="numeric"
                    data-testid="input-row-limit"
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <TextInput
                    label="Name"
                    description="optional label for this search"
                    value={name}
                    onChange={(e) => setName(e.currentTarget.value)}
                    error={errors.name}
                    data-testid="input-name"
                  />
                </Grid.Col>
              </Grid>
            </Card>
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 5 }}>
          {datasetsLoading ? (
            <LoadingBlock label="Loading datasets…" />
          ) : datasetsError ? (
            <ErrorAlert
              error={datasetsError}
              title="Could not load the dataset list"
              testId="datasets-error"
            />
          ) : datasets.length === 0 ? (
            <Alert color="yellow" title="No datasets">
              No enabled dataset is configured.
            </Alert>
          ) : (
            <DatasetPicker
              datasets={datasets}
              value={selected}
              onChange={chooseDatasets}
              error={errors.datasets}
              highlightKinds={
                keyword.trim() ? ['keyword'] : constraints.length ? ['constraints'] : ra.trim() ? ['cone'] : undefined
              }
            />
          )}
        </Grid.Col>
      </Grid>

      {general && (
        <Alert color="red" mt="md" title="The search was not accepted" data-testid="form-error" role="alert">
          {general}
        </Alert>
      )}

      <Group mt="md">
        <Button type="submit" loading={sending} data-testid="submit-search" size="md">
          Search
        </Button>
        <Text size="sm" c="dimmed">
          Results of each archive appear as soon as it answers.
        </Text>
      </Group>
    </form>
  )
}
