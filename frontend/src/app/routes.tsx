import { lazy } from 'react'
import type { RouteObject } from 'react-router'
import { Layout } from './Layout'
import { NotFoundPage } from './NotFoundPage'

// One chunk per page; the Layout's <Suspense> shows a loader meanwhile.
const SearchPage = lazy(() => import('../features/search/SearchPage').then((m) => ({ default: m.SearchPage })))
const ResultsPage = lazy(() => import('../features/results/ResultsPage').then((m) => ({ default: m.ResultsPage })))
const ArchivesPage = lazy(() => import('../features/archives/ArchivesPage').then((m) => ({ default: m.ArchivesPage })))
const RegistryPage = lazy(() => import('../features/registry/RegistryPage').then((m) => ({ default: m.RegistryPage })))
const LoginPage = lazy(() => import('../features/auth/LoginPage').then((m) => ({ default: m.LoginPage })))
const BasketPage = lazy(() => import('../features/basket/BasketPage').then((m) => ({ default: m.BasketPage })))
const HistoryPage = lazy(() => import('../features/history/HistoryPage').then((m) => ({ default: m.HistoryPage })))
const ProfilePage = lazy(() => import('../features/profile/ProfilePage').then((m) => ({ default: m.ProfilePage })))
const DidPage = lazy(() => import('../features/rucio/DidPage').then((m) => ({ default: m.DidPage })))
const StagingListPage = lazy(() => import('../features/staging/StagingListPage').then((m) => ({ default: m.StagingListPage })))
const ZooniverseProjectPage = lazy(() => import('../features/zooniverse/ProjectPage').then((m) => ({ default: m.ProjectPage })))
const ZooniverseExportsPage = lazy(() => import('../features/zooniverse/ExportsPage').then((m) => ({ default: m.ExportsPage })))
const StagingPage = lazy(() => import('../features/staging/StagingPage').then((m) => ({ default: m.StagingPage })))

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
      { path: 'login', element: <LoginPage /> },
      { path: 'basket', element: <BasketPage /> },
      { path: 'history', element: <HistoryPage /> },
      { path: 'profile', element: <ProfilePage /> },
      // The DID's name is the rest of the path: it may hold '/' (sent as %2F).
      { path: 'rucio/:dataset/did/:scope/*', element: <DidPage /> },
      { path: 'staging', element: <StagingListPage /> },
      { path: 'staging/:id', element: <StagingPage /> },
      { path: 'zooniverse/exports', element: <ZooniverseExportsPage /> },
      { path: 'zooniverse/:dataset/projects/:id', element: <ZooniverseProjectPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]
