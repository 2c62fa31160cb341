import type { Dataset } from '../../api/types'

export interface ArchiveGroup {
  archive: string
  archiveName: string
  datasets: Dataset[]
}

export function groupByArchive(datasets: Dataset[]): ArchiveGroup[] {
  const groups = new Map<string, ArchiveGroup>()
  for (const dataset of datasets) {
    const group = groups.get(dataset.archive) ?? {
      archive: dataset.archive,
      archiveName: dataset.archive_name || dataset.archive,
      datasets: [],
    }
    group.datasets.push(dataset)
    groups.set(dataset.archive, group)
  }
  return [...groups.values()]
}
