import { Alert, Anchor, Button, Card, Grid, Group, Select, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { useMemo, useRef, useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { searchesApi } from '../../api/endpoints'
import { queryKeys } from '../../api/hooks'
import type { Dataset, Search, SearchCreate } from '../../api/types'
import { defaultAdql, supportsAdql } from './adql'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import { apiErrorToFormErrors, type FormErrors } from './formErrors'
import { SchemaBrowser } from './SchemaBrowser'
import { useCreateSearch } from './useCreateSearch'
import { validateRowLimit } from './validation'

const KNOWN_KEYS = /^(adql|datasets|row_limit|name)$/

/** Seconds the server may wait for the run before answering: a rejected query is shown right here. */
export const ADQL_WAIT_SECONDS = 10

/** The failed run of an ADQL search: its error goes under the text area. */
interface RunFailure {
  searchId: string
  message: string
  code: string
}

function failureOf(search: Search | undefined): RunFailure | null {
  const run = search?.runs[0]
  if (!search || !run || (run.status !== 'error' && run.status !== 'timeout')) return null
  return { searchId: search.id, message: run.error?.message ?? 'The archive did not answer.', code: run.error?.code ?? run.status }
}

export function AdqlSearchForm({
  datasets,
  datasetsLoading,
  datasetsError,
  initialDataset,
  fromSearch = null,
}: {
  /** Enabled datasets (those able to run ADQL are offered). */
  datasets: Dataset[]
  datasetsLoading: boolean
  datasetsError: unknown
  initialDataset: string | null
  /** Id of an earlier ADQL search to edit: its query fills the form, its error shows under the text. */
  fromSearch?: string | null
}) {
  const candidates = useMemo(() => datasets.filter(supportsAdql), [datasets])
  const [dataset, setDataset] = useState<string | null>(null)
  const [adql, setAdql] = useState<string | null>(null)
  const [rowLimit, setRowLimit] = useState('')
  const [name, setName] = useState('')
  const [errors, setErrors] = useState<FormErrors>({})
  const [general, setGeneral] = useState<string | null>(null)
  const [failure, setFailure] = useState<RunFailure | null>(null)
  const textRef = useRef<HTMLTextAreaElement>(null)
  const create = useCreateSearch({ shouldOpen: (search) => failureOf(search) === null })
  const earlier = useQuery({
    queryKey: queryKeys.search(fromSearch ?? ''),
    queryFn: ({ signal }) => searchesApi.get(fromSearch ?? '', signal),
    enabled: Boolean(fromSearch),
    staleTime: Infinity,
  })
  const earlierAdql = earlier.data?.query.adql ?? null
  // The earlier search's failure, until this form runs a query of its own.
  const shownFailure = create.data || create.isPending ? failure : (failure ?? failureOf(earlier.data))

  const chosenSlug =
    dataset ?? (initialDataset && candidates.some((d) => d.slug === initialDataset) ? initialDataset : null)
  const chosen = candidates.find((d) => d.slug === chosenSlug)
  // Until the user edits it, the text is the edited search's query or the chosen dataset's template.
  const text = adql ?? earlierAdql ?? defaultAdql(chosen)

  const insert = (snippet: string) => {
    const area = textRef.current
    const start = area?.selectionStart ?? text.length
    const end = area?.selectionEnd ?? text.length
    const before = text.slice(0, start)
    const after = text.slice(end)
    const pad = before && !/[\s(,.]$/.test(before) ? ' ' : ''
    const next = `${before}${pad}${snippet}${after}`
    setAdql(next)
    setErrors(({ adql: _drop, ...rest }) => rest)
    const caret = before.length + pad.length + snippet.length
    requestAnimationFrame(() => {
      if (!textRef.current) return
      textRef.current.focus()
      textRef.current.setSelectionRange(caret, caret)
    })
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setGeneral(null)
    setFailure(null)
    const found: FormErrors = {}
    if (!chosenSlug) found.datasets = 'Choose the dataset to query'
    if (!text.trim()) found.adql = 'Enter an ADQL query'
    else if (!/^\s*select\b/i.test(text)) found.adql = 'An ADQL query starts with SELECT'
    const limit = validateRowLimit(rowLimit, found)
    setErrors(found)
    if (Object.keys(found).length || !chosenSlug) return
    const body: SearchCreate = { datasets: [chosenSlug], adql: text.trim(), wait: ADQL_WAIT_SECONDS }
    if (limit !== undefined) body.row_limit = limit
    if (name.trim()) body.name = name.trim()
    create.mutate(body, {
      onSuccess: (search) => setFailure(failureOf(search)),
      onError: (error) => {
        const mapped = apiErrorToFormErrors(error, (key) => KNOWN_KEYS.test(key))
        setErrors(mapped.fields)
        setGeneral(mapped.general)
      },
    })
  }

  if (datasetsLoading) return <LoadingBlock label="Loading datasets…" />
  if (datasetsError) return <ErrorAlert error={datasetsError} title="Could not load the dataset list" />

  return (
    <form onSubmit={submit} noValidate data-testid="adql-form">
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder padding="md">
            <Stack gap="sm">
              {candidates.length === 0 && (
                <Alert color="yellow" title="No ADQL dataset">
                  No enabled dataset can describe its tables and run ADQL.
                </Alert>
              )}
              <Select
                label="Dataset"
                description="ADQL runs on exactly one TAP dataset"
                placeholder="Choose a dataset"
                data={candidates.map((d) => ({ value: d.slug, label: `${d.archive_name} / ${d.name}` }))}
                value={chosenSlug}
                onChange={(value) => {
                  setDataset(value)
                  setErrors(({ datasets: _drop, ...rest }) => rest)
                }}
                error={errors.datasets}
                searchable
                data-testid="adql-dataset"
                comboboxProps={{ withinPortal: true }}
              />
              <Textarea
                ref={textRef}
                label="ADQL"
                value={text}
                onChange={(e) => {
                  setAdql(e.currentTarget.value)
                  setErrors(({ adql: _drop, ...rest }) => rest)
                }}
                error={
                  errors.adql ??
                  (shownFailure && (
                    <span data-testid="adql-run-error" data-code={shownFailure.code}>
                      {shownFailure.message}{' '}
                      <Anchor component={Link} to={`/searches/${shownFailure.searchId}`} size="xs" data-testid="adql-run-link">
                        (open that search)
                      </Anchor>
                    </span>
                  ))
                }
                autosize
                minRows={8}
                maxRows={24}
                spellCheck={false}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
                data-testid="adql-text"
              />
              <Grid gap="sm">
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <TextInput
                    label="Row limit"
                    description="empty = the dataset's default"
                    value={rowLimit}
                    onChange={(e) => {
                      setRowLimit(e.currentTarget.value)
                      setErrors(({ row_limit: _drop, ...rest }) => rest)
                    }}
                    error={errors.row_limit}
                    inputMode="numeric"
                    data-testid="adql-row-limit"
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <TextInput label="Name" description="optional" value={name} onChange={(e) => setName(e.currentTarget.value)} />
                </Grid.Col>
              </Grid>
              {general && (
                <Alert color="red" title="The query was not accepted" data-testid="form-error" role="alert">
                  {general}
                </Alert>
              )}
              <Group>
                <Button type="submit" loading={create.isPending} data-testid="submit-adql">
                  Run query
                </Button>
                {chosen && (
                  <Text size="xs" c="dimmed">
                    {chosen.service_url}
                  </Text>
                )}
              </Group>
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder padding="md">
            <Text fw={600} mb="xs">
              Tables
            </Text>
            <SchemaBrowser dataset={chosenSlug} onInsert={insert} />
          </Card>
        </Grid.Col>
      </Grid>
    </form>
  )
}
