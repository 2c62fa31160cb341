import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import type { ReactNode } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'
import { ApiError, errorMessage } from '../../api/client'
import { useDatasets } from '../../api/hooks'
import { usePaging } from '../../components/usePaging'
import { useNotify } from '../../components/notify'
import { ErrorAlert, LoadingBlock, QueryState } from '../../components/QueryState'
import { formatBytes, formatCell, formatDateTime } from '../../lib/format'
import { addedMessage, useAddItems } from '../basket/api'
import { StageDialog } from '../staging/StageDialog'
import { RuleStateBadge } from '../staging/StagingBits'
import { useDid, useDidContents, useDidFiles, useDidReplicas, useDidRules, type DidRef } from './api'
import { rucioDidItem } from './basketItems'
import { didPagePath } from './did'
import type { Did, FileReplica } from './types'

type Tab = 'contents' | 'files' | 'replicas' | 'rules'
const TABS: Tab[] = ['contents', 'files', 'replicas', 'rules']

/** `/rucio/:dataset/did/:scope/*` (the name is the rest of the path; it may hold `/`). */
export function DidPage() {
  const params = useParams()
  const ref: DidRef = { dataset: params.dataset ?? '', scope: params.scope ?? '', name: params['*'] ?? '' }
  const did = useDid(ref)

  if (did.isPending) return <LoadingBlock label="Loading the DID…" />
  if (did.error && !did.data) {
    const notFound = did.error instanceof ApiError && did.error.status === 404
    return (
      <Stack data-testid="did-page-error">
        <ErrorAlert
          error={did.error}
          title={notFound ? `${ref.scope}:${ref.name} was not found` : 'Could not load the DID'}
          onRetry={notFound ? undefined : () => void did.refetch()}
        />
        <Button component={Link} to="/search?tab=rucio" variant="light" w="fit-content">
          Search the data lake
        </Button>
      </Stack>
    )
  }
  if (!did.data) return null
  return <DidDetail key={`${ref.dataset}/${ref.scope}/${ref.name}`} didRef={ref} did={did.data} />
}

function DidDetail({ didRef, did }: { didRef: DidRef; did: Did }) {
  const [params, setParams] = useSearchParams()
  const isFile = did.type.toLowerCase() === 'file'
  const tabs = TABS.filter((t) => !(isFile && t === 'contents'))
  const requested = params.get('tab') as Tab | null
  const tab: Tab = requested && tabs.includes(requested) ? requested : isFile ? 'replicas' : 'contents'
  const datasets = useDatasets({})
  const datasetName = datasets.data?.find((d) => d.slug === didRef.dataset)?.name ?? didRef.dataset
  const [staging, { open: openStaging, close: closeStaging }] = useDisclosure(false)
  const add = useAddItems()
  const notify = useNotify()

  const addToBasket = () =>
    add.mutate([rucioDidItem(didRef.dataset, did.did, { did_type: did.type, bytes: did.bytes, length: did.length })], {
      onSuccess: (result) => notify({ title: 'Basket', message: addedMessage(result), color: 'green', testId: 'basket-added' }),
      onError: (error) =>
        notify({ title: 'Could not add to the basket', message: errorMessage(error), color: 'red', testId: 'basket-add-error' }),
    })

  const setTab = (value: string | null) => {
    const next = new URLSearchParams(params)
    if (value) next.set('tab', value)
    setParams(next, { replace: true })
  }

  const metadata = Object.entries(did.metadata ?? {}).sort(([a], [b]) => a.localeCompare(b))

  return (
    <Stack gap="md" data-testid="did-page" data-did={did.did}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div style={{ minWidth: 0 }}>
          <Text size="sm" c="dimmed">
            {datasetName} · Rucio DID
          </Text>
          <Group gap="sm" wrap="wrap">
            <Title order={2} size="h3" ff="monospace" style={{ overflowWrap: 'anywhere' }} data-testid="did-title">
              {did.did}
            </Title>
            <Badge variant="light" tt="none" data-testid="did-type">
              {did.type}
            </Badge>
            {did.open === true && (
              <Badge variant="outline" color="yellow" size="sm">
                open
              </Badge>
            )}
          </Group>
        </div>
        <Group gap="xs">
          {did.webui_url && (
            <Button component="a" href={did.webui_url} target="_blank" rel="noreferrer" variant="subtle" data-testid="did-webui">
              Open in the Rucio WebUI
            </Button>
          )}
          <Button variant="light" onClick={addToBasket} loading={add.isPending} data-testid="did-add-to-basket">
            Add to basket
          </Button>
          <Button onClick={openStaging} data-testid="did-stage">
            Stage…
          </Button>
        </Group>
      </Group>

      <Card withBorder padding="md">
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
          <Fact label="Scope" value={did.scope} testId="did-scope" />
          <Fact label="Size" value={did.bytes != null ? formatBytes(did.bytes) : '–'} testId="did-size" title={did.bytes != null ? `${did.bytes} bytes` : undefined} />
          <Fact label="Files" value={did.length != null ? String(did.length) : '–'} testId="did-length" />
          <Fact label="Created" value={formatDateTime(did.created_at) || '–'} testId="did-created" />
          <Fact label="Updated" value={formatDateTime(did.updated_at) || '–'} />
          <Fact label="Account" value={did.account || '–'} testId="did-account" />
        </SimpleGrid>
        {metadata.length > 0 && (
          <Table mt="md" verticalSpacing={4} fz="sm" withTableBorder data-testid="did-metadata">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="30%">Metadata</Table.Th>
                <Table.Th>Value</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {metadata.map(([key, value]) => (
                <Table.Tr key={key} data-testid="did-metadata-row" data-key={key}>
                  <Table.Td ff="monospace">{key}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{formatCell(value)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>

      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="sm">
          {tabs.map((t) => (
            <Tabs.Tab key={t} value={t} data-testid={`did-tab-${t}`}>
              {t[0].toUpperCase() + t.slice(1)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {!isFile && (
          <Tabs.Panel value="contents">
            <ContentsTab didRef={didRef} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="files">
          <FilesTab didRef={didRef} />
        </Tabs.Panel>
        <Tabs.Panel value="replicas">
          <ReplicasTab didRef={didRef} />
        </Tabs.Panel>
        <Tabs.Panel value="rules">
          <RulesTab didRef={didRef} />
        </Tabs.Panel>
      </Tabs>

      <StageDialog
        opened={staging}
        onClose={closeStaging}
        dataset={didRef.dataset}
        datasetName={datasetName}
        target={{ dids: [did.did] }}
        count={1}
        bytes={did.bytes}
      />
    </Stack>
  )
}

function Fact({ label, value, testId, title }: { label: string; value: string; testId?: string; title?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" data-testid={testId} title={title} style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    </div>
  )
}

/** Page state of a Rucio listing. */
const useDidPaging = () => usePaging(25, [10, 25, 50, 100])

function Empty({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <Text c="dimmed" size="sm" ta="center" py="md" data-testid={testId}>
      {children}
    </Text>
  )
}

function DidLink({ dataset, did, scope, name }: { dataset: string; did: string; scope: string; name: string }) {
  return (
    <Anchor component={Link} to={didPagePath(dataset, scope, name)} size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
      {did}
    </Anchor>
  )
}

function ContentsTab({ didRef }: { didRef: DidRef }) {
  const { params, pager } = useDidPaging()
  const contents = useDidContents(didRef, params)
  return (
    <QueryState query={contents} loadingLabel="Loading contents…" errorTitle="Could not load the contents" dimWhilePaging>
      {(data) =>
        data.results.length === 0 ? (
          <Empty testId="did-contents-empty">No contents.</Empty>
        ) : (
          <Stack gap="xs">
            <Table striped verticalSpacing={4} fz="sm" data-testid="did-contents">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>DID</Table.Th>
                  <Table.Th w={120}>Type</Table.Th>
                  <Table.Th w={120} style={{ textAlign: 'right' }}>
                    Size
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.results.map((child) => (
                  <Table.Tr key={child.did} data-testid="did-content-row" data-did={child.did}>
                    <Table.Td>
                      <DidLink dataset={didRef.dataset} did={child.did} scope={child.scope} name={child.name} />
                    </Table.Td>
                    <Table.Td>{child.type}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{formatBytes(child.bytes)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {pager(data.count, 'did-contents-pager')}
          </Stack>
        )
      }
    </QueryState>
  )
}

function FilesTab({ didRef }: { didRef: DidRef }) {
  const { params, pager } = useDidPaging()
  const files = useDidFiles(didRef, params)
  return (
    <QueryState query={files} loadingLabel="Loading files…" errorTitle="Could not load the files" dimWhilePaging>
      {(data) =>
        data.results.length === 0 ? (
          <Empty testId="did-files-empty">No files.</Empty>
        ) : (
          <Stack gap="xs">
            <Table.ScrollContainer minWidth={640}>
              <Table striped verticalSpacing={4} fz="sm" data-testid="did-files">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>File</Table.Th>
                    <Table.Th w={110} style={{ textAlign: 'right' }}>
                      Size
                    </Table.Th>
                    <Table.Th w={110}>Adler-32</Table.Th>
                    <Table.Th w={90} style={{ textAlign: 'right' }}>
                      Events
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.results.map((file) => (
                    <Table.Tr key={file.did} data-testid="did-file-row" data-did={file.did} data-name={file.name}>
                      <Table.Td>
                        <DidLink dataset={didRef.dataset} did={file.did} scope={file.scope} name={file.name} />
                      </Table.Td>
                      <Table.Td style={{ textAlign: 'right' }} title={file.bytes != null ? `${file.bytes} bytes` : undefined}>
                        {formatBytes(file.bytes)}
                      </Table.Td>
                      <Table.Td ff="monospace">{file.adler32 ?? ''}</Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>{file.events ?? ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {pager(data.count, 'did-files-pager')}
          </Stack>
        )
      }
    </QueryState>
  )
}

const REPLICA_COLOR: Record<string, string> = {
  AVAILABLE: 'green',
  COPYING: 'blue',
  UNAVAILABLE: 'red',
  BAD: 'red',
  TEMPORARY_UNAVAILABLE: 'orange',
  BEING_DELETED: 'gray',
}

function ReplicaState({ state, testId }: { state: string; testId: string }) {
  return (
    <Badge size="sm" variant="light" color={REPLICA_COLOR[state.toUpperCase()] ?? 'gray'} data-testid={testId} data-state={state}>
      {state}
    </Badge>
  )
}

function ReplicaCell({ replica }: { replica: FileReplica }) {
  return (
    <Group gap={6} wrap="nowrap" data-testid="did-file-replica" data-rse={replica.rse}>
      <Text size="sm" ff="monospace">
        {replica.rse}
      </Text>
      <ReplicaState state={replica.state} testId="did-file-replica-state" />
      {replica.download_url ? (
        <Anchor href={replica.download_url} size="xs" download="" target="_blank" rel="noreferrer" data-testid="did-download">
          Download
        </Anchor>
      ) : null}
    </Group>
  )
}

function ReplicasTab({ didRef }: { didRef: DidRef }) {
  const { params, pager } = useDidPaging()
  const replicas = useDidReplicas(didRef, params)
  return (
    <QueryState query={replicas} loadingLabel="Loading replicas…" errorTitle="Could not load the replicas" dimWhilePaging>
      {(data) => (
        <Stack gap="md">
          {data.rses.length > 0 && (
            <div>
              <Text fw={600} size="sm" mb={4}>
                Where the files are
              </Text>
              <Table striped verticalSpacing={4} fz="sm" withTableBorder data-testid="did-rse-summary">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>RSE</Table.Th>
                    <Table.Th w={140}>State</Table.Th>
                    <Table.Th w={160} style={{ textAlign: 'right' }}>
                      Files available
                    </Table.Th>
                    <Table.Th w={200} style={{ textAlign: 'right' }}>
                      Bytes available
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.rses.map((r) => (
                    <Table.Tr key={r.rse} data-testid="did-rse" data-rse={r.rse} data-state={r.state}>
                      <Table.Td ff="monospace">{r.rse}</Table.Td>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={r.state === 'complete' ? 'green' : 'yellow'} data-testid="did-rse-state">
                          {r.state}
                        </Badge>
                      </Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>
                        {r.available_files} / {r.total_files}
                      </Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>
                        {formatBytes(r.available_bytes) || '0 B'} / {formatBytes(r.total_bytes) || '0 B'}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {data.count_capped && (
                <Text size="xs" c="dimmed" mt={4}>
                  Counted over the first {data.count} files only.
                </Text>
              )}
            </div>
          )}
          <div>
            <Text fw={600} size="sm" mb={4}>
              File replicas
            </Text>
            {data.results.length === 0 ? (
              <Empty testId="did-replicas-empty">No replicas.</Empty>
            ) : (
              <Stack gap="xs">
                <Table.ScrollContainer minWidth={640}>
                  <Table striped verticalSpacing={4} fz="sm" data-testid="did-file-replicas">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>File</Table.Th>
                        <Table.Th w={100} style={{ textAlign: 'right' }}>
                          Size
                        </Table.Th>
                        <Table.Th>Replicas</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.results.map((file) => (
                        <Table.Tr key={file.did} data-testid="did-replica-row" data-did={file.did}>
                          <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                            {file.did}
                          </Table.Td>
                          <Table.Td style={{ textAlign: 'right' }}>{formatBytes(file.bytes)}</Table.Td>
                          <Table.Td>
                            <Stack gap={4}>
                              {file.replicas.length === 0 ? (
                                <Text size="xs" c="dimmed">
                                  none
                                </Text>
                              ) : (
                                file.replicas.map((replica) => <ReplicaCell key={replica.rse} replica={replica} />)
                              )}
                            </Stack>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                {pager(data.count, 'did-replicas-pager')}
              </Stack>
            )}
          </div>
        </Stack>
      )}
    </QueryState>
  )
}

function RulesTab({ didRef }: { didRef: DidRef }) {
  const rules = useDidRules(didRef)
  return (
    <QueryState query={rules} loadingLabel="Loading rules…" errorTitle="Could not load the rules" dimWhilePaging>
      {(data) =>
        data.results.length === 0 ? (
          <Empty testId="did-rules-empty">No replication rules on this DID.</Empty>
        ) : (
          <Table.ScrollContainer minWidth={860}>
            <Table striped verticalSpacing={4} fz="sm" data-testid="did-rules">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>RSE expression</Table.Th>
                  <Table.Th>Account</Table.Th>
                  <Table.Th w={130}>State</Table.Th>
                  <Table.Th w={200}>Locks</Table.Th>
                  <Table.Th w={160}>Created</Table.Th>
                  <Table.Th w={160}>Expires</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.results.map((rule) => (
                  <Table.Tr key={rule.id} data-testid="did-rule-row" data-rule={rule.id}>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {rule.rse_expression}
                      </Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {rule.id}
                      </Text>
                    </Table.Td>
                    <Table.Td>{rule.account}</Table.Td>
                    <Table.Td>
                      <RuleStateBadge state={rule.state} testId="did-rule-state" />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" data-testid="did-rule-locks">
                        <Badge size="sm" color="green" variant="light">
                          {rule.locks_ok} OK
                        </Badge>
                        <Badge size="sm" color="blue" variant="light">
                          {rule.locks_replicating} replicating
                        </Badge>
                        <Badge size="sm" color={rule.locks_stuck ? 'red' : 'gray'} variant="light">
                          {rule.locks_stuck} stuck
                        </Badge>
                      </Group>
                    </Table.Td>
                    <Table.Td>{formatDateTime(rule.created_at)}</Table.Td>
                    <Table.Td>{formatDateTime(rule.expires_at) || 'never'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      }
    </QueryState>
  )
}

