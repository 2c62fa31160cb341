import { Anchor, Badge, Group, Image, Stack, Text } from '@mantine/core'
import { Link } from 'react-router'
import type { BasketItem } from '../../api/types'
import { formatCount, projectPagePath } from './paths'
import { itemProjectId, itemThumbnail } from './basketItems'
import type { ZooniverseItemType } from './types'

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''
}

const KIND: Record<ZooniverseItemType, string> = {
  zooniverse_project: 'project',
  zooniverse_workflow: 'workflow',
  zooniverse_subject_set: 'subject set',
  zooniverse_subject: 'subject',
}

/** A `zooniverse_*` basket item: thumbnail, title linking back to the project page, project and counts. */
export function BasketZooniverseItem({ item, datasetName }: { item: BasketItem; datasetName: string }) {
  const type = item.item_type as ZooniverseItemType
  const projectId = itemProjectId(item)
  const tab = type === 'zooniverse_workflow' ? 'workflows' : type === 'zooniverse_subject_set' ? 'subject-sets' : undefined
  const link = projectId ? projectPagePath(item.dataset, projectId, tab) : null
  const thumbnail = itemThumbnail(item)
  const meta = item.metadata ?? {}
  const fields = (meta.fields ?? {}) as Record<string, unknown>
  const projectName = str(meta.project_name)
  const title = item.title || str(meta.title) || `${KIND[type] ?? 'item'} ${item.identifier}`
  const subjects = meta.subjects_count ?? fields.subjects_count ?? meta.set_member_subjects_count
  const talk = str(meta.talk_url)
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" data-testid="basket-item-zooniverse" data-type={type}>
      {thumbnail ? (
        <Image src={thumbnail} alt="" w={56} h={56} radius="sm" fit="cover" style={{ flex: '0 0 auto' }} data-testid="basket-item-thumbnail" />
      ) : null}
      <Stack gap={2} style={{ minWidth: 0 }}>
        {link ? (
          <Anchor component={Link} to={link} size="sm" fw={500} style={{ overflowWrap: 'anywhere' }} data-testid="basket-item-title">
            {title}
          </Anchor>
        ) : (
          <Text size="sm" fw={500} data-testid="basket-item-title">
            {title}
          </Text>
        )}
        <Group gap="xs">
          <Badge size="xs" variant="outline" color="gray" tt="none">
            {KIND[type] ?? type} #{item.identifier.replace(/^project:/, '')}
          </Badge>
          {projectName && type !== 'zooniverse_project' && (
            <Text size="xs" data-testid="basket-item-project">
              {projectName}
            </Text>
          )}
          {typeof subjects === 'number' && (
            <Text size="xs" c="dimmed">
              {formatCount(subjects)} subjects
            </Text>
          )}
          {talk && (
            <Anchor href={talk} size="xs" target="_blank" rel="noreferrer">
              Talk ↗
            </Anchor>
          )}
        </Group>
        <Text size="xs" c="dimmed" data-testid="basket-item-dataset">
          {datasetName}
          {item.archive ? ` · ${item.archive}` : ''}
        </Text>
      </Stack>
    </Group>
  )
}
