import { lazy } from 'react'
import type { RouteObject } from 'react-router'
import { Layout } from './Layout'
import { NotFoundPage } from './NotFoundPage'

// One chunk per page; the Layout's <Suspense> shows a loader meanwhile.
const SearchPage = lazy(() => import('../features/search/SearchPage').then((m) => ({ default: m.SearchPage })))
const ResultsPage = lazy(() => import('../features/results/ResultsPage').then((m) => ({ default: m.ResultsPage })))
const ArchivesPage = lazy(() => import('../features/archives/ArchivesPage').then((m) => ({ default: m.ArchivesPage })))
const RegistryPage = lazy(() => import('../features/registry/RegistryPage').then((m) => ({ default: m.RegistryPage })))

/** All SPA routes. Django must answer index.html for each of these paths (deep links). */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <SearchPage /> },
      { path: 'search', element: <SearchPage /> },
      { path: 'searches/:id', element: <ResultsPage /> },
      { path: 'archives', element: <ArchivesPage /> },
      { path: 'registry', element: <RegistryPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]
