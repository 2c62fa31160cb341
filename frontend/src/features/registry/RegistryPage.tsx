import { Anchor, Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useMemo, useState, type FormEvent } from 'react'
import { useSearchParams } from 'react-router'
import { errorMessage } from '../../api/client'
import { registryApi } from '../../api/endpoints'
import { useArchives, useRegistry } from '../../api/hooks'
import { IMPORTABLE_SERVICE_TYPES, type ImportedDataset, type RegistryImport, type RegistryParams, type RegistryResource, type RegistryServiceType, type RegistryWaveband } from '../../api/types'
import { Pager } from '../../components/Pager'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'

const SERVICE_TYPES: { value: RegistryServiceType; label: string }[] = [
  { value: 'tap', label: 'TAP (table access)' },
  { value: 'scs', label: 'Cone search (SCS)' },
  { value: 'sia', label: 'Image access (SIA)' },
  { value: 'ssa', label: 'Spectra (SSA)' },
]

/** The registry's waveband vocabulary (ivoa_connector/regtap.py WAVEBANDS). */
const WAVEBANDS: [RegistryWaveband, string][] = [
  ['radio', 'Radio'],
  ['millimeter', 'Millimeter'],
  ['infrared', 'Infrared'],
  ['optical', 'Optical'],
  ['uv', 'UV'],
  ['euv', 'EUV'],
  ['x-ray', 'X-ray'],
  ['gamma-ray', 'Gamma-ray'],
  ['neutrino', 'Neutrino'],
  ['gravitational-waves', 'Gravitational waves'],
  ['cosmic-ray', 'Cosmic rays'],
]

function paramsFromUrl(search: URLSearchParams): RegistryParams | null {
  const keyword = search.get('keyword') ?? ''
  const type = search.get('servicetype') ?? ''
  const servicetype = SERVICE_TYPES.find(({ value }) => value === type)?.value
  const band = search.get('waveband') ?? ''
  const waveband = WAVEBANDS.find(([value]) => value === band)?.[0]
  if (!keyword && !type && !band && !search.has('q')) return null
  return {
    keyword: keyword || undefined,
    servicetype,
    waveband,
    page: Number(search.get('page') ?? '1') || 1,
    page_size: Number(search.get('page_size') ?? '25') || 25,
  }
}

export function RegistryPage() {
  const [url, setUrl] = useSearchParams()
  const submitted = useMemo(() => paramsFromUrl(url), [url])
  const [keyword, setKeyword] = useState(url.get('keyword') ?? '')
  const [serviceType, setServiceType] = useState<string | null>(url.get('servicetype'))
  const [waveband, setWaveband] = useState<string | null>(url.get('waveband'))
  const [archive, setArchive] = useState<string | null>(null)
  const results = useRegistry(submitted)
  const archives = useArchives()

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const next = new URLSearchParams()
    next.set('q', '1')
    if (keyword.trim()) next.set('keyword', keyword.trim())
    if (serviceType) next.set('servicetype', serviceType)
    if (waveband) next.set('waveband', waveband)
    setUrl(next)
  }

  const setPaging = (page: number, pageSize?: number) => {
    const next = new URLSearchParams(url)
    next.set('page', String(page))
    if (pageSize) next.set('page_size', String(pageSize))
    setUrl(next)
  }

  return (
    <Stack gap="md" data-testid="registry-page">
      <div>
        <Title order={2}>IVOA registry</Title>
        <Text c="dimmed" size="sm">
          Find TAP, cone search and image services in the IVOA registry and import them as ESAP datasets (staff only).
        </Text>
      </div>

      <Card withBorder padding="sm">
        <form onSubmit={submit} data-testid="registry-form">
          <Group gap="sm" align="flex-end" wrap="wrap">
            <TextInput
              label="Keyword"
              placeholder="e.g. gaia, lofar, quasar"
              value={keyword}
              onChange={(e) => setKeyword(e.currentTarget.value)}
              w={260}
              data-testid="registry-keyword"
            />
            <Select
              label="Service type"
              placeholder="Any"
              clearable
              data={SERVICE_TYPES}
              value={serviceType}
              onChange={setServiceType}
              w={200}
              data-testid="registry-servicetype"
            />
            <Select
              label="Waveband"
              placeholder="Any"
              clearable
              data={WAVEBANDS.map(([value, label]) => ({ value, label }))}
              value={waveband}
              onChange={setWaveband}
              w={160}
              data-testid="registry-waveband"
            />
            <Button type="submit" loading={results.isFetching && !results.data} data-testid="registry-submit">
              Search registry
            </Button>
          </Group>
          <Group gap="sm" mt="sm" align="flex-end">
            <Select
              label="Import into archive"
              description="empty: let the server choose or create one"
              placeholder="Automatic"
              clearable
              data={(archives.data ?? []).map((a) => ({ value: a.slug, label: a.name }))}
              value={archive}
              onChange={setArchive}
              w={260}
              data-testid="registry-archive"
            />
          </Group>
        </form>
      </Card>

      {!submitted && (
        <Text c="dimmed" size="sm" data-testid="registry-idle">
          Enter a keyword, a service type or a waveband and search.
        </Text>
      )}
      {submitted && results.isPending && <LoadingBlock label="Querying the registry…" />}
      {submitted && results.error && (
        <ErrorAlert error={results.error} title="Registry search failed" onRetry={() => void results.refetch()} />
      )}
      {submitted && results.data && (
        <Card withBorder padding="sm">
          <Stack gap="sm">
            <Table.ScrollContainer minWidth={900}>
              <Table striped highlightOnHover verticalSpacing="xs" fz="sm" data-testid="registry-table" style={{ opacity: results.isPlaceholderData ? 0.55 : 1 }}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Resource</Table.Th>
                    <Table.Th>Publisher</Table.Th>
                    <Table.Th>Waveband</Table.Th>
                    <Table.Th>Service</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {results.data.results.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={5}>
                        <Text c="dimmed" ta="center" py="md" data-testid="registry-empty">
                          No resources match.
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                  {results.data.results.map((resource) => (
                    <RegistryRow key={`${resource.ivoid}|${resource.access_url}`} resource={resource} archive={archive} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager
              page={submitted.page ?? 1}
              pageSize={submitted.page_size ?? 25}
              count={results.data.count}
              onPage={(p) => setPaging(p)}
              onPageSize={(size) => setPaging(1, size)}
              pageSizes={[10, 25, 50, 100]}
              testId="registry-pager"
            />
          </Stack>
        </Card>
      )}
    </Stack>
  )
}

function RegistryRow({ resource, archive }: { resource: RegistryResource; archive: string | null }) {
  const queryClient = useQueryClient()
  const serviceType = (resource.service_type ?? '').toLowerCase()
  const importable = Boolean(resource.access_url) && (IMPORTABLE_SERVICE_TYPES as readonly string[]).includes(serviceType)
  const importing = useMutation<ImportedDataset, unknown, void>({
    mutationFn: () => {
      const body: RegistryImport = {
        ivoid: resource.ivoid,
        access_url: resource.access_url ?? '',
        service_type: serviceType as RegistryImport['service_type'],
        title: resource.title ?? resource.short_name ?? '',
      }
      if (archive) body.archive = archive
      return registryApi.import(body)
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['datasets'] })
      void queryClient.invalidateQueries({ queryKey: ['archives'] })
    },
  })
  const imported = importing.isSuccess

  return (
    <Table.Tr data-testid="registry-row" data-ivoid={resource.ivoid}>
      <Table.Td maw={420}>
        <Text size="sm" fw={600}>
          {resource.title || resource.short_name || resource.ivoid}
          {resource.short_name && resource.title ? (
            <Text span c="dimmed" size="xs" ml={6}>
              ({resource.short_name})
            </Text>
          ) : null}
        </Text>
        <Text size="xs" c="dimmed" className="mono">
          {resource.ivoid}
        </Text>
        {resource.description && (
          <Tooltip label={resource.description} multiline maw={480} openDelay={400}>
            <Text size="xs" lineClamp={2}>
              {resource.description}
            </Text>
          </Tooltip>
        )}
      </Table.Td>
      <Table.Td>{resource.publisher}</Table.Td>
      <Table.Td>
        <Group gap={4}>
          {resource.waveband.map((w) => (
            <Badge key={w} size="xs" variant="light">
              {w}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>
        {resource.service_type && (
          <Badge size="sm" variant="outline">
            {resource.service_type}
          </Badge>
        )}
        {resource.access_url && (
          <Anchor href={resource.access_url} target="_blank" rel="noreferrer" size="xs" display="block" style={{ wordBreak: 'break-all' }}>
            {resource.access_url}
          </Anchor>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {!importable ? (
          <Text size="xs" c="dimmed">
            {resource.access_url ? 'not importable' : 'no access URL'}
          </Text>
        ) : imported ? (
          <Badge color="green" variant="light" data-testid="import-done">
            {importing.data ? `imported as ${importing.data.slug}` : 'imported'}
          </Badge>
        ) : (
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => importing.mutate()}
            loading={importing.isPending}
            data-testid="import-button"
          >
            Import as dataset
          </Button>
        )}
        {importing.error ? (
          <Text size="xs" c="red" mt={4} maw={240} style={{ whiteSpace: 'normal' }} data-testid="import-error" role="alert">
            {errorMessage(importing.error)}
          </Text>
        ) : null}
      </Table.Td>
    </Table.Tr>
  )
}
