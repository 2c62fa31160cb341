import { Anchor, Badge, Button, Card, Checkbox, CloseButton, Group, HoverCard, Image, Modal, SimpleGrid, Stack, Table, Text, UnstyledButton } from '@mantine/core'
import { useCallback, useMemo, useState } from 'react'
import { errorMessage } from '../../api/client'
import { Pager } from '../../components/Pager'
import { useNotify } from '../../components/notify'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import { formatCell } from '../../lib/format'
import { addedMessage, useAddItems } from '../basket/api'
import { useSubjects } from './api'
import { subjectImage, subjectItem, subjectTitle } from './basketItems'
import { listingCount } from './paths'
import { Thumb } from './ProjectTiles'
import type { Project, Subject, SubjectSet, SubjectsQuery } from './types'

const PAGE_SIZES = [12, 24, 48, 96]

/** Metadata entries to show: Panoptes' hidden keys (`#…`, `!…`) last. */
function metadataEntries(subject: Subject): [string, unknown][] {
  const hidden = (key: string) => key.startsWith('#') || key.startsWith('!')
  return Object.entries(subject.metadata ?? {}).sort(([a], [b]) => Number(hidden(a)) - Number(hidden(b)) || a.localeCompare(b))
}

function MetadataTable({ subject, limit }: { subject: Subject; limit?: number }) {
  const entries = metadataEntries(subject)
  const shown = limit ? entries.slice(0, limit) : entries
  if (!entries.length) {
    return (
      <Text size="xs" c="dimmed">
        No metadata.
      </Text>
    )
  }
  return (
    <Table fz="xs" verticalSpacing={2} withTableBorder data-testid="subject-metadata">
      <Table.Tbody>
        {shown.map(([key, value]) => (
          <Table.Tr key={key} data-testid="subject-metadata-row" data-key={key}>
            <Table.Td ff="monospace" w="40%" style={{ overflowWrap: 'anywhere' }}>
              {key}
            </Table.Td>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{formatCell(value)}</Table.Td>
          </Table.Tr>
        ))}
        {limit && entries.length > limit && (
          <Table.Tr>
            <Table.Td colSpan={2} c="dimmed">
              … {entries.length - limit} more (click the image)
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  )
}

function SubjectTile({
  subject,
  selected,
  onSelect,
  onOpen,
}: {
  subject: Subject
  selected: boolean
  onSelect: (on: boolean) => void
  onOpen: () => void
}) {
  const title = subjectTitle(subject)
  return (
    <Card
      withBorder
      padding={6}
      radius="sm"
      data-testid="subject-tile"
      data-subject={String(subject.id)}
      data-selected={selected}
      style={selected ? { outline: '2px solid var(--mantine-color-blue-filled)' } : undefined}
    >
      <Card.Section pos="relative">
        <HoverCard width={320} shadow="md" openDelay={300} position="bottom" withinPortal>
          <HoverCard.Target>
            <UnstyledButton onClick={onOpen} w="100%" aria-label={`Show ${title}`} data-testid="subject-open">
              <Thumb src={subjectImage(subject)} alt={title} height={150} testId="subject-image" />
            </UnstyledButton>
          </HoverCard.Target>
          <HoverCard.Dropdown data-testid="subject-hover">
            <Text size="xs" fw={600} mb={4}>
              {title}
            </Text>
            <MetadataTable subject={subject} limit={8} />
          </HoverCard.Dropdown>
        </HoverCard>
        <Checkbox
          pos="absolute"
          top={6}
          left={6}
          size="sm"
          checked={selected}
          onChange={(e) => onSelect(e.currentTarget.checked)}
          aria-label={`Select ${title}`}
          data-testid="subject-select"
        />
      </Card.Section>
      <Text size="xs" mt={4} truncate title={title} data-testid="subject-title">
        {title}
      </Text>
      <Text size="xs" c="dimmed" ff="monospace">
        #{subject.id}
      </Text>
    </Card>
  )
}

function SubjectDialog({
  subject,
  onClose,
  onAdd,
  adding,
}: {
  subject: Subject | null
  onClose: () => void
  onAdd: (subject: Subject) => void
  adding: boolean
}) {
  const images = (subject?.locations ?? []).filter((l) => l.type.startsWith('image/'))
  const others = (subject?.locations ?? []).filter((l) => !l.type.startsWith('image/'))
  return (
    <Modal opened={subject !== null} onClose={onClose} size="xl" title={subject ? subjectTitle(subject) : ''}>
      {subject && (
        <Stack gap="sm" data-testid="subject-dialog" data-subject={String(subject.id)}>
          {images.length > 0 && (
            <SimpleGrid cols={Math.min(images.length, 2)} spacing="xs">
              {images.map((location, i) => (
                <Image key={`${location.url}-${i}`} src={location.url} alt={`${subjectTitle(subject)} (${i + 1})`} fit="contain" mah={480} data-testid="subject-dialog-image" />
              ))}
            </SimpleGrid>
          )}
          {images.length === 0 && subjectImage(subject) && <Image src={subjectImage(subject)} alt={subjectTitle(subject)} fit="contain" mah={520} />}
          {others.map((location, i) => (
            <Anchor key={`${location.url}-${i}`} href={location.url} target="_blank" rel="noreferrer" size="sm">
              {location.type} file {i + 1}
            </Anchor>
          ))}
          <MetadataTable subject={subject} />
          <Group justify="space-between">
            <Text size="xs" c="dimmed" ff="monospace">
              subject {subject.id}
            </Text>
            <Group gap="xs">
              {subject.talk_url && (
                <Button component="a" href={subject.talk_url} target="_blank" rel="noreferrer" size="xs" variant="subtle" data-testid="subject-talk">
                  Discuss on Talk ↗
                </Button>
              )}
              <Button size="xs" onClick={() => onAdd(subject)} loading={adding} data-testid="subject-dialog-add">
                Add to basket
              </Button>
            </Group>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}

/**
 * The subjects of a project (or of one of its subject sets) as a paged gallery of images:
 * metadata on hover, the subject's images and metadata on click; select subjects (across pages)
 * and add them to the basket as `zooniverse_subject` items.
 */
export function SubjectGallery({
  dataset,
  project,
  subjectSet,
  onClearSubjectSet,
}: {
  dataset: string
  project: Project
  subjectSet?: Pick<SubjectSet, 'id' | 'display_name'> | null
  onClearSubjectSet?: () => void
}) {
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(24)
  const [selected, setSelected] = useState<Map<string, Subject>>(() => new Map())
  const [open, setOpen] = useState<Subject | null>(null)
  const query: SubjectsQuery = subjectSet
    ? { subject_set: String(subjectSet.id), page, page_size: pageSize }
    : { project: String(project.id), page, page_size: pageSize }
  const subjects = useSubjects(dataset, query)
  const add = useAddItems()
  const notify = useNotify()

  const select = useCallback((list: Subject[], on: boolean) => {
    setSelected((current) => {
      const next = new Map(current)
      for (const subject of list) {
        if (on) next.set(String(subject.id), subject)
        else next.delete(String(subject.id))
      }
      return next
    })
  }, [])

  const addToBasket = (list: Subject[], onDone?: () => void) =>
    add.mutate(
      list.map((s) => subjectItem(dataset, project, s)),
      {
        onSuccess: (result) => {
          notify({ title: 'Basket', message: addedMessage(result), color: 'green', testId: 'basket-added' })
          onDone?.()
        },
        onError: (error) =>
          notify({ title: 'Could not add to the basket', message: errorMessage(error), color: 'red', testId: 'basket-add-error' }),
      },
    )

  const results = useMemo(() => subjects.data?.results ?? [], [subjects.data])
  const selectedOnPage = results.filter((s) => selected.has(String(s.id))).length

  return (
    <Stack gap="sm" data-testid="subject-gallery" data-subject-set={subjectSet ? String(subjectSet.id) : undefined}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          {subjectSet && (
            <Badge
              variant="light"
              tt="none"
              size="lg"
              rightSection={onClearSubjectSet ? <CloseButton size="xs" onClick={onClearSubjectSet} aria-label="All subjects of the project" data-testid="subject-set-clear" /> : undefined}
              data-testid="subject-set-filter"
            >
              Subject set: {subjectSet.display_name}
            </Badge>
          )}
          <Checkbox
            size="xs"
            label="Select this page"
            checked={results.length > 0 && selectedOnPage === results.length}
            indeterminate={selectedOnPage > 0 && selectedOnPage < results.length}
            disabled={results.length === 0}
            onChange={(e) => select(results, e.currentTarget.checked)}
            data-testid="subject-select-page"
          />
        </Group>
        <Group gap="xs">
          <Button
            size="compact-sm"
            disabled={selected.size === 0}
            loading={add.isPending}
            onClick={() => addToBasket([...selected.values()], () => setSelected(new Map()))}
            data-testid="subjects-add-selected"
          >
            Add selected to basket{selected.size ? ` (${selected.size})` : ''}
          </Button>
          {selected.size > 0 && (
            <Button size="compact-sm" variant="subtle" color="gray" onClick={() => setSelected(new Map())} data-testid="subjects-clear-selection">
              Clear selection
            </Button>
          )}
        </Group>
      </Group>

      {subjects.isPending && <LoadingBlock label="Loading subjects…" />}
      {subjects.error && !subjects.data && (
        <ErrorAlert error={subjects.error} title="Could not load the subjects" onRetry={() => void subjects.refetch()} />
      )}
      {subjects.data && subjects.data.results.length === 0 && page === 1 && (
        <Text c="dimmed" ta="center" py="xl" data-testid="subjects-empty">
          No subjects.
        </Text>
      )}
      {subjects.data && (subjects.data.results.length > 0 || page > 1) && (
        <>
          <SimpleGrid
            cols={{ base: 2, xs: 3, sm: 4, md: 6, xl: 8 }}
            spacing="sm"
            data-testid="subject-grid"
            data-page={subjects.data.page}
            style={{ opacity: subjects.isPlaceholderData ? 0.55 : 1 }}
          >
            {results.map((subject) => (
              <SubjectTile
                key={String(subject.id)}
                subject={subject}
                selected={selected.has(String(subject.id))}
                onSelect={(on) => select([subject], on)}
                onOpen={() => setOpen(subject)}
              />
            ))}
          </SimpleGrid>
          <Pager
            page={page}
            pageSize={pageSize}
            count={listingCount(subjects.data, page, pageSize)}
            onPage={setPage}
            onPageSize={(size) => {
              setPageSize(size)
              setPage(1)
            }}
            pageSizes={PAGE_SIZES}
            testId="subjects-pager"
          />
        </>
      )}
      <SubjectDialog subject={open} onClose={() => setOpen(null)} onAdd={(s) => addToBasket([s])} adding={add.isPending} />
    </Stack>
  )
}
