/** Answers of the Zooniverse API for the tests (docs/zooniverse.md shapes). */
import type { ResultRow } from '../../api/types'
import type { ExportRecord, Project, Subject, SubjectSet, Workflow } from './types'

interface ZooniversePage<T> {
  count: number | null
  page: number
  page_size: number | null
  page_count: number | null
  next_page: number | null
  results: T[]
}

export function project(overrides: Partial<Project> = {}): Project {
  return {
    id: 1234,
    slug: 'alice/galaxy-zoo-test',
    display_name: 'Galaxy Zoo Test',
    description: 'Classify galaxies by shape',
    introduction: 'Help us sort galaxies.',
    avatar: 'https://panoptes-uploads.zooniverse.org/avatar/gz.png',
    subjects_count: 50,
    classifications_count: 12345,
    classifiers_count: 678,
    state: 'live',
    completeness: 0.42,
    launch_approved: true,
    project_url: 'https://www.zooniverse.org/projects/alice/galaxy-zoo-test',
    owner: false,
    ...overrides,
  }
}

export function subject(id: number, overrides: Partial<Subject> = {}): Subject {
  return {
    id,
    locations: [{ type: 'image/jpeg', url: `https://panoptes-uploads.zooniverse.org/subject/${id}.jpeg` }],
    thumbnail: `https://panoptes-uploads.zooniverse.org/subject/${id}.jpeg`,
    metadata: { '#name': `galaxy_${id}`, ra: 150 + id / 1000, dec: 2 },
    talk_url: `https://www.zooniverse.org/talk/subjects/${id}`,
    ...overrides,
  }
}

export function workflow(id: number, overrides: Partial<Workflow> = {}): Workflow {
  return { id, display_name: `Workflow ${id}`, active: true, subjects_count: 50, classifications_count: 1000, completeness: 0.5, ...overrides }
}

export function subjectSet(id: number, overrides: Partial<SubjectSet> = {}): SubjectSet {
  return { id, display_name: `Set ${id}`, set_member_subjects_count: 25, ...overrides }
}

export function zPage<T>(results: T[], page = 1, pageSize = 20, count = results.length): ZooniversePage<T> {
  const pageCount = Math.max(1, Math.ceil(count / pageSize))
  return { count, page, page_size: pageSize, page_count: pageCount, next_page: page < pageCount ? page + 1 : null, results }
}

export function exportRecord(overrides: Partial<ExportRecord> = {}): ExportRecord {
  return {
    id: '8d7f1c2e-0000-4000-8000-000000000001',
    dataset: 'zooniverse',
    project_id: 1234,
    project_name: 'Galaxy Zoo Test',
    kind: 'classifications',
    state: 'pending',
    requested_at: '2024-05-01T10:00:00Z',
    checked_at: null,
    ready_at: null,
    error: '',
    download_url: '',
    ...overrides,
  }
}

/** A project row of a search (connector `zooniverse`). */
export function projectRow(id: number, overrides: Partial<ResultRow> = {}): ResultRow {
  return {
    dataset: 'zooniverse',
    archive: 'zooniverse',
    id: `project:${id}`,
    title: `Galaxy project ${id}`,
    ra: null,
    dec: null,
    access_url: `https://www.zooniverse.org/projects/team/galaxy-${id}`,
    format: null,
    size: null,
    dataproduct_type: 'project',
    thumbnail: `https://panoptes-uploads.zooniverse.org/avatar/${id}.png`,
    fields: {
      project_id: id,
      slug: `team/galaxy-${id}`,
      description: `Galaxies number ${id}`,
      subjects_count: 100 + id,
      classifications_count: 2000 + id,
      classifiers_count: 30 + id,
      state: 'live',
      completeness: 0.1,
      launch_approved: true,
    },
    ...overrides,
  }
}
