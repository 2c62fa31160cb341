/** Basket items of Zooniverse resources (docs/zooniverse.md "Basket": identifier = the Panoptes id). */
import type { BasketItem, BasketItemCreate } from '../../api/types'
import { ZOONIVERSE_ITEM_TYPES, type Project, type Subject, type SubjectSet, type Workflow, type ZooniverseId, type ZooniverseItemType } from './types'

function item(
  itemType: ZooniverseItemType,
  dataset: string,
  id: ZooniverseId,
  title: string,
  metadata: Record<string, unknown>,
): BasketItemCreate {
  return { item_type: itemType, dataset, identifier: String(id), title, metadata }
}

/** What every item of a project carries, to show and link it back. */
function projectContext(project: Pick<Project, 'id' | 'display_name' | 'avatar'>) {
  return { project_id: String(project.id), project_name: project.display_name, project_avatar: project.avatar ?? null }
}

export function projectItem(dataset: string, project: Project): BasketItemCreate {
  return item('zooniverse_project', dataset, project.id, project.display_name, {
    ...projectContext(project),
    title: project.display_name,
    slug: project.slug,
    description: project.description,
    thumbnail: project.avatar ?? null,
    project_url: project.project_url,
    subjects_count: project.subjects_count,
    classifications_count: project.classifications_count,
    classifiers_count: project.classifiers_count,
  })
}

export function workflowItem(dataset: string, project: Project, workflow: Workflow): BasketItemCreate {
  return item('zooniverse_workflow', dataset, workflow.id, workflow.display_name, {
    ...projectContext(project),
    title: workflow.display_name,
    thumbnail: project.avatar ?? null,
    active: workflow.active,
    subjects_count: workflow.subjects_count,
    classifications_count: workflow.classifications_count,
    completeness: workflow.completeness,
  })
}

export function subjectSetItem(dataset: string, project: Project, set: SubjectSet): BasketItemCreate {
  return item('zooniverse_subject_set', dataset, set.id, set.display_name, {
    ...projectContext(project),
    title: set.display_name,
    thumbnail: project.avatar ?? null,
    set_member_subjects_count: set.set_member_subjects_count,
  })
}

export function subjectItem(dataset: string, project: Project, subject: Subject): BasketItemCreate {
  return item('zooniverse_subject', dataset, subject.id, subjectTitle(subject), {
    ...projectContext(project),
    title: subjectTitle(subject),
    thumbnail: subjectImage(subject),
    locations: subject.locations,
    metadata: subject.metadata,
    talk_url: subject.talk_url,
  })
}

/** A subject's name from its metadata (Panoptes' conventional keys), else `Subject <id>`. */
export function subjectTitle(subject: Pick<Subject, 'id' | 'metadata'>): string {
  for (const key of ['#name', 'name', 'Name', '!name', 'filename', 'Filename']) {
    const value = subject.metadata?.[key]
    if (typeof value === 'string' && value.trim()) return value.trim()
  }
  return `Subject ${subject.id}`
}

/** The image of a subject's tile: its thumbnail, else its first image location. */
export function subjectImage(subject: Pick<Subject, 'thumbnail' | 'locations'>): string | null {
  if (subject.thumbnail) return subject.thumbnail
  const image = subject.locations?.find((l) => l.type.startsWith('image/')) ?? subject.locations?.[0]
  return image?.url ?? null
}

// ------------------------------------------------------------------ reading basket items

export function isZooniverseItemType(type: string): type is ZooniverseItemType {
  return (ZOONIVERSE_ITEM_TYPES as readonly string[]).includes(type)
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''
}

/**
 * The project an item belongs to: `project_id` of its metadata (items added here), the row's
 * `fields.project_id` (projects added from a search) or, for a project, its identifier.
 */
export function itemProjectId(item: Pick<BasketItem, 'item_type' | 'identifier' | 'metadata'>): string {
  const meta = item.metadata ?? {}
  const fields = (meta.fields ?? {}) as Record<string, unknown>
  const id = str(meta.project_id) || str(fields.project_id)
  if (id) return id
  if (item.item_type === 'zooniverse_project') return item.identifier.replace(/^project:/, '')
  return ''
}

/** A thumbnail for the item: its own, the subject's first image, or the project's avatar. */
export function itemThumbnail(item: Pick<BasketItem, 'metadata'>): string {
  const meta = item.metadata ?? {}
  const locations = Array.isArray(meta.locations) ? (meta.locations as { url?: unknown }[]) : []
  return str(meta.thumbnail) || str(meta.avatar) || str(locations[0]?.url) || str(meta.project_avatar)
}
