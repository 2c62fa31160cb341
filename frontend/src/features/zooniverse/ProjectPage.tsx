import { Anchor, Badge, Button, Card, Group, Image, Stack, Table, Tabs, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'
import { ApiError, errorMessage } from '../../api/client'
import { useDatasets, useSession } from '../../api/hooks'
import type { BasketItemCreate } from '../../api/types'
import { usePaging } from '../../components/usePaging'
import { useNotify } from '../../components/notify'
import { ErrorAlert, LoadingBlock, QueryState } from '../../components/QueryState'
import { addedMessage, useAddItems } from '../basket/api'
import { AccountPanel } from './AccountPanel'
import { useProject, useRequestExport, useSubjectSets, useWorkflows } from './api'
import { projectItem, subjectSetItem, workflowItem } from './basketItems'
import { EXPORTS_PATH, formatCompleteness, formatCount, listingCount } from './paths'
import { Counts } from './ProjectTiles'
import { SubjectGallery } from './SubjectGallery'
import type { Project, SubjectSet } from './types'

type Tab = 'subjects' | 'workflows' | 'subject-sets'
const TABS: { value: Tab; label: string }[] = [
  { value: 'subjects', label: 'Subjects' },
  { value: 'workflows', label: 'Workflows' },
  { value: 'subject-sets', label: 'Subject sets' },
]

/** `/zooniverse/:dataset/projects/:id`. */
export function ProjectPage() {
  const { dataset = '', id = '' } = useParams()
  const project = useProject(dataset, id)

  if (project.isPending) return <LoadingBlock label="Loading the project…" />
  if (project.error && !project.data) {
    const notFound = project.error instanceof ApiError && project.error.status === 404
    return (
      <Stack data-testid="zooniverse-project-error">
        <ErrorAlert
          error={project.error}
          title={notFound ? `Project ${id} was not found` : 'Could not load the project'}
          onRetry={notFound ? undefined : () => void project.refetch()}
        />
        <Button component={Link} to="/search" variant="light" w="fit-content">
          Search
        </Button>
      </Stack>
    )
  }
  if (!project.data) return null
  return <ProjectDetail key={`${dataset}/${id}`} dataset={dataset} project={project.data} />
}

/** Add items to the basket with the usual notifications. */
function useAddToBasket() {
  const add = useAddItems()
  const notify = useNotify()
  const run = (items: BasketItemCreate[]) =>
    add.mutate(items, {
      onSuccess: (result) => notify({ title: 'Basket', message: addedMessage(result), color: 'green', testId: 'basket-added' }),
      onError: (error) =>
        notify({ title: 'Could not add to the basket', message: errorMessage(error), color: 'red', testId: 'basket-add-error' }),
    })
  return { run, isPending: add.isPending }
}

function ProjectDetail({ dataset, project }: { dataset: string; project: Project }) {
  const [params, setParams] = useSearchParams()
  const requested = params.get('tab') as Tab | null
  const tab: Tab = requested && TABS.some((t) => t.value === requested) ? requested : 'subjects'
  const [subjectSet, setSubjectSet] = useState<Pick<SubjectSet, 'id' | 'display_name'> | null>(null)
  const datasets = useDatasets({})
  const datasetName = datasets.data?.find((d) => d.slug === dataset)?.name ?? dataset
  const session = useSession()
  const add = useAddToBasket()

  const setTab = (value: string | null) => {
    const next = new URLSearchParams(params)
    if (value && value !== 'subjects') next.set('tab', value)
    else next.delete('tab')
    setParams(next, { replace: true })
  }

  const showSubjectSet = (set: SubjectSet) => {
    setSubjectSet({ id: set.id, display_name: set.display_name })
    setTab('subjects')
  }

  return (
    <Stack gap="md" data-testid="zooniverse-project-page" data-project={String(project.id)}>
      <Card withBorder padding="md">
        <Group align="flex-start" wrap="nowrap" gap="md">
          {project.avatar && (
            <Image src={project.avatar} alt="" w={96} h={96} radius="md" fit="cover" style={{ flex: '0 0 auto' }} data-testid="zooniverse-project-avatar" />
          )}
          <Stack gap={6} style={{ minWidth: 0, flex: 1 }}>
            <Text size="sm" c="dimmed">
              {datasetName} · Zooniverse project
            </Text>
            <Group gap="sm" wrap="wrap">
              <Title order={2} size="h3" data-testid="zooniverse-project-title">
                {project.display_name}
              </Title>
              {project.state && (
                <Badge variant="light" tt="none" data-testid="zooniverse-project-state">
                  {project.state}
                </Badge>
              )}
              {project.launch_approved && (
                <Badge variant="outline" color="green" tt="none" size="sm">
                  launch approved
                </Badge>
              )}
              {project.owner && (
                <Badge variant="filled" color="grape" tt="none" size="sm" data-testid="zooniverse-project-owner">
                  your project
                </Badge>
              )}
            </Group>
            {project.description && (
              <Text size="sm" data-testid="zooniverse-project-description">
                {project.description}
              </Text>
            )}
            <Group gap="md" wrap="wrap">
              <Counts subjects={project.subjects_count} classifications={project.classifications_count} volunteers={project.classifiers_count} size="sm" />
              <Text size="xs" c="dimmed">
                {formatCompleteness(project.completeness)} complete
              </Text>
            </Group>
          </Stack>
          <Stack gap="xs" align="flex-end" style={{ flex: '0 0 auto' }}>
            {project.project_url && (
              <Button component="a" href={project.project_url} target="_blank" rel="noreferrer" variant="subtle" data-testid="zooniverse-project-external">
                Open on Zooniverse ↗
              </Button>
            )}
            <Button variant="light" onClick={() => add.run([projectItem(dataset, project)])} loading={add.isPending} data-testid="zooniverse-project-add">
              Add project to basket
            </Button>
            {project.owner && <RequestExportButton dataset={dataset} project={project} />}
          </Stack>
        </Group>
        {session.data?.authenticated && (
          <Stack gap={4} mt="md">
            <AccountPanel dataset={dataset} compact />
          </Stack>
        )}
      </Card>

      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="sm">
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} data-testid={`zooniverse-tab-${t.value}`}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="subjects">
          <SubjectGallery
            key={subjectSet ? String(subjectSet.id) : 'project'}
            dataset={dataset}
            project={project}
            subjectSet={subjectSet}
            onClearSubjectSet={() => setSubjectSet(null)}
          />
        </Tabs.Panel>
        <Tabs.Panel value="workflows">
          <WorkflowsTab dataset={dataset} project={project} onAdd={add.run} />
        </Tabs.Panel>
        <Tabs.Panel value="subject-sets">
          <SubjectSetsTab dataset={dataset} project={project} onAdd={add.run} onShow={showSubjectSet} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}

/** Owners / collaborators: ask Panoptes for a classification export (it builds it in the background). */
function RequestExportButton({ dataset, project }: { dataset: string; project: Project }) {
  const request = useRequestExport(dataset, project.id)
  const notify = useNotify()
  return (
    <Stack gap={2} align="flex-end">
      <Button
        onClick={() =>
          request.mutate(
            { kind: 'classifications' },
            {
              onSuccess: () =>
                notify({
                  title: 'Export requested',
                  message: 'Zooniverse is building the classification export: follow it in your exports.',
                  color: 'green',
                  testId: 'zooniverse-export-requested',
                }),
              onError: (error) =>
                notify({
                  title: 'Could not request the export',
                  message:
                    error instanceof ApiError && error.code === 'zooniverse_login_required'
                      ? 'Connect your Zooniverse account first.'
                      : errorMessage(error),
                  color: 'red',
                  testId: 'zooniverse-export-error',
                }),
            },
          )
        }
        loading={request.isPending}
        data-testid="zooniverse-request-export"
      >
        Request classification export
      </Button>
      {request.isSuccess && (
        <Anchor component={Link} to={EXPORTS_PATH} size="xs" data-testid="zooniverse-export-requested-link">
          Follow it in your exports →
        </Anchor>
      )}
    </Stack>
  )
}

/** Page state of a Panoptes listing, whose count may be unknown (then "at least one more"). */
function useListingPaging() {
  const paging = usePaging(20, [10, 20, 50, 100])
  return {
    params: paging.params,
    pager: (data: { count: number | null; next_page: number | null; results: unknown[] }, testId: string) =>
      paging.pager(listingCount(data, paging.page, paging.pageSize), testId),
  }
}

function WorkflowsTab({ dataset, project, onAdd }: { dataset: string; project: Project; onAdd: (items: BasketItemCreate[]) => void }) {
  const { params, pager } = useListingPaging()
  const workflows = useWorkflows(dataset, project.id, params)
  return (
    <QueryState query={workflows} loadingLabel="Loading workflows…" errorTitle="Could not load the workflows" dimWhilePaging>
      {(data) =>
        data.results.length === 0 ? (
          <Text c="dimmed" size="sm" ta="center" py="md" data-testid="zooniverse-workflows-empty">
            No workflows.
          </Text>
        ) : (
          <Stack gap="xs">
            <Table.ScrollContainer minWidth={640}>
              <Table striped verticalSpacing={4} fz="sm" data-testid="zooniverse-workflows">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Workflow</Table.Th>
                    <Table.Th w={110}>Active</Table.Th>
                    <Table.Th w={110} style={{ textAlign: 'right' }}>
                      Subjects
                    </Table.Th>
                    <Table.Th w={140} style={{ textAlign: 'right' }}>
                      Classifications
                    </Table.Th>
                    <Table.Th w={110} style={{ textAlign: 'right' }}>
                      Complete
                    </Table.Th>
                    <Table.Th w={130} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.results.map((workflow) => (
                    <Table.Tr key={String(workflow.id)} data-testid="zooniverse-workflow-row" data-id={String(workflow.id)}>
                      <Table.Td>
                        {workflow.display_name}
                        <Text span size="xs" c="dimmed" ff="monospace" ml={6}>
                          #{workflow.id}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge size="sm" variant="light" tt="none" color={workflow.active ? 'green' : 'gray'}>
                          {workflow.active ? 'active' : 'inactive'}
                        </Badge>
                      </Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>{formatCount(workflow.subjects_count)}</Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>{formatCount(workflow.classifications_count)}</Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>{formatCompleteness(workflow.completeness)}</Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>
                        <Button size="compact-xs" variant="subtle" onClick={() => onAdd([workflowItem(dataset, project, workflow)])} data-testid="zooniverse-workflow-add">
                          Add to basket
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {pager(data, 'zooniverse-workflows-pager')}
          </Stack>
        )
      }
    </QueryState>
  )
}

function SubjectSetsTab({
  dataset,
  project,
  onAdd,
  onShow,
}: {
  dataset: string
  project: Project
  onAdd: (items: BasketItemCreate[]) => void
  onShow: (set: SubjectSet) => void
}) {
  const { params, pager } = useListingPaging()
  const sets = useSubjectSets(dataset, project.id, params)
  return (
    <QueryState query={sets} loadingLabel="Loading subject sets…" errorTitle="Could not load the subject sets" dimWhilePaging>
      {(data) =>
        data.results.length === 0 ? (
          <Text c="dimmed" size="sm" ta="center" py="md" data-testid="zooniverse-subject-sets-empty">
            No subject sets.
          </Text>
        ) : (
          <Stack gap="xs">
            <Table striped verticalSpacing={4} fz="sm" data-testid="zooniverse-subject-sets">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Subject set</Table.Th>
                  <Table.Th w={120} style={{ textAlign: 'right' }}>
                    Subjects
                  </Table.Th>
                  <Table.Th w={260} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.results.map((set) => (
                  <Table.Tr key={String(set.id)} data-testid="zooniverse-subject-set-row" data-id={String(set.id)}>
                    <Table.Td>
                      {set.display_name}
                      <Text span size="xs" c="dimmed" ff="monospace" ml={6}>
                        #{set.id}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{formatCount(set.set_member_subjects_count)}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button size="compact-xs" variant="light" onClick={() => onShow(set)} data-testid="zooniverse-subject-set-show">
                          Show subjects
                        </Button>
                        <Button size="compact-xs" variant="subtle" onClick={() => onAdd([subjectSetItem(dataset, project, set)])} data-testid="zooniverse-subject-set-add">
                          Add to basket
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {pager(data, 'zooniverse-subject-sets-pager')}
          </Stack>
        )
      }
    </QueryState>
  )
}
