import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { anonymousSession, userSession } from '../../test/accounts-fixtures'
import { dataset } from '../../test/fixtures'
import { jsonResponse, mockFetch, noContent, paginated, renderWithProviders } from '../../test/utils'
import { ProjectPage } from './ProjectPage'
import { ZooniverseAccountsSection } from './ZooniverseAccountsSection'
import { exportRecord, project, subject, subjectSet, workflow, zPage } from './testFixtures'
import type { Project } from './types'

const BASE = '/api/v1/zooniverse/zooniverse'
const SUBJECTS = Array.from({ length: 30 }, (_, i) => subject(9001 + i))

function backend({ owner = false, connected = false, signedIn = true, loginFails = false, projectOverrides = {} as Partial<Project> } = {}) {
  let isConnected = connected
  return mockFetch((call) => {
    const url = new URL(call.url, 'http://test')
    const path = url.pathname
    if (path === '/api/v1/auth/session/') return jsonResponse(signedIn ? userSession() : anonymousSession())
    if (path === '/api/v1/datasets/') {
      return jsonResponse(paginated([dataset('zooniverse', { name: 'Zooniverse', connector_type: 'zooniverse', archive: 'zooniverse' })]))
    }
    if (path === `${BASE}/projects/1234/`) return jsonResponse(project({ owner: owner && isConnected, ...projectOverrides }))
    if (path === `${BASE}/projects/999/`) return jsonResponse({ error: { code: 'not_found', message: 'No such project.' } }, 404)
    if (path === `${BASE}/projects/1234/workflows/`) return jsonResponse(zPage([workflow(31), workflow(32, { active: false })]))
    if (path === `${BASE}/projects/1234/subject-sets/`) return jsonResponse(zPage([subjectSet(71), subjectSet(72)]))
    if (path === `${BASE}/subjects/`) {
      const page = Number(url.searchParams.get('page') ?? 1)
      const size = Number(url.searchParams.get('page_size') ?? 20)
      const list = url.searchParams.get('subject_set') ? SUBJECTS.slice(0, 3) : SUBJECTS
      return jsonResponse(zPage(list.slice((page - 1) * size, page * size), page, size, list.length))
    }
    if (path === `${BASE}/account/`) {
      if (call.method === 'POST') {
        const body = call.body as { login: string; password: string }
        if (loginFails) return jsonResponse({ error: { code: 'zooniverse_login_failed', message: 'Zooniverse refused the login.' } }, 400)
        isConnected = true
        return jsonResponse({ connected: true, login: body.login })
      }
      if (call.method === 'DELETE') {
        isConnected = false
        return noContent()
      }
      return jsonResponse(isConnected ? { connected: true, login: 'alice_z', expires_at: null } : { connected: false, login: null, expires_at: null })
    }
    if (path === `${BASE}/projects/1234/exports/` && call.method === 'POST') return jsonResponse(exportRecord(), 202)
    if (path === '/api/v1/basket/items/' && call.method === 'POST') {
      const items = (call.body as { items: unknown[] }).items
      return jsonResponse({ added: items.length, existing: 0 }, 201)
    }
    return jsonResponse({ error: { code: 'not_found', message: `unexpected ${call.method} ${call.url}` } }, 404)
  })
}

function renderPage(path = '/zooniverse/zooniverse/projects/1234') {
  return renderWithProviders(<ProjectPage />, { path, pattern: '/zooniverse/:dataset/projects/:id' })
}

describe('Zooniverse project page', () => {
  it('shows the header: avatar, name, description, counts and the Zooniverse link', async () => {
    backend()
    renderPage()
    expect(await screen.findByTestId('zooniverse-project-title')).toHaveTextContent('Galaxy Zoo Test')
    expect(screen.getByTestId('zooniverse-project-avatar')).toHaveAttribute('src', 'https://panoptes-uploads.zooniverse.org/avatar/gz.png')
    expect(screen.getByTestId('zooniverse-project-description')).toHaveTextContent('Classify galaxies by shape')
    expect(screen.getByTestId('count-subjects')).toHaveTextContent('50 subjects')
    expect(screen.getByTestId('count-classifications')).toHaveTextContent('12,345 classifications')
    expect(screen.getByTestId('count-volunteers')).toHaveTextContent('678 volunteers')
    expect(screen.getByTestId('zooniverse-project-external')).toHaveAttribute('href', 'https://www.zooniverse.org/projects/alice/galaxy-zoo-test')
    // Not an owner: no export.
    expect(screen.queryByTestId('zooniverse-request-export')).toBeNull()
  })

  it('404: says so', async () => {
    backend()
    renderPage('/zooniverse/zooniverse/projects/999')
    expect(await screen.findByTestId('zooniverse-project-error')).toHaveTextContent('Project 999 was not found')
  })

  it('pages through the subject gallery and adds the selected subjects (across pages) to the basket', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    renderPage()
    const grid = await screen.findByTestId('subject-grid')
    await waitFor(() => expect(within(grid).getAllByTestId('subject-tile')).toHaveLength(24))
    const tiles = within(grid).getAllByTestId('subject-tile')
    expect(tiles[0]).toHaveAttribute('data-subject', '9001')
    expect(within(tiles[0]).getByTestId('subject-image')).toHaveAttribute('src', 'https://panoptes-uploads.zooniverse.org/subject/9001.jpeg')
    expect(within(tiles[0]).getByTestId('subject-title')).toHaveTextContent('galaxy_9001')
    expect(calls.find((c) => c.url.includes('/subjects/'))?.url).toBe(`${BASE}/subjects/?project=1234&page=1&page_size=24`)

    await user.click(within(tiles[0]).getByTestId('subject-select'))
    await user.click(within(tiles[1]).getByTestId('subject-select'))
    expect(screen.getByTestId('subjects-add-selected')).toHaveTextContent('Add selected to basket (2)')

    // Page 2: 6 subjects; the selection stays.
    await user.click(screen.getByTestId('subjects-pager-page-2'))
    await waitFor(() => expect(screen.getByTestId('subject-grid')).toHaveAttribute('data-page', '2'))
    await waitFor(() => expect(within(screen.getByTestId('subject-grid')).getAllByTestId('subject-tile')).toHaveLength(6))
    expect(within(screen.getByTestId('subject-grid')).getAllByTestId('subject-tile')[0]).toHaveAttribute('data-subject', '9025')
    await user.click(within(within(screen.getByTestId('subject-grid')).getAllByTestId('subject-tile')[0]).getByTestId('subject-select'))
    expect(screen.getByTestId('subjects-add-selected')).toHaveTextContent('Add selected to basket (3)')

    await user.click(screen.getByTestId('subjects-add-selected'))
    expect(await screen.findByTestId('basket-added')).toHaveTextContent('3 items added to your basket.')
    const post = calls.find((c) => c.method === 'POST' && c.url === '/api/v1/basket/items/')
    const items = (post!.body as { items: { item_type: string; identifier: string; dataset: string; title: string; metadata: Record<string, unknown> }[] }).items
    expect(items.map((i) => i.identifier)).toEqual(['9001', '9002', '9025'])
    expect(items[0]).toMatchObject({ item_type: 'zooniverse_subject', dataset: 'zooniverse', title: 'galaxy_9001' })
    expect(items[0].metadata).toMatchObject({
      project_id: '1234',
      project_name: 'Galaxy Zoo Test',
      thumbnail: 'https://panoptes-uploads.zooniverse.org/subject/9001.jpeg',
      locations: [{ type: 'image/jpeg', url: 'https://panoptes-uploads.zooniverse.org/subject/9001.jpeg' }],
    })
    // Selection cleared after adding.
    expect(screen.getByTestId('subjects-add-selected')).toHaveTextContent('Add selected to basket')
    expect(screen.getByTestId('subjects-add-selected')).toBeDisabled()
  })

  it('a click on a subject shows its images, metadata and Talk link', async () => {
    backend()
    const user = userEvent.setup()
    renderPage()
    const grid = await screen.findByTestId('subject-grid')
    await waitFor(() => expect(within(grid).getAllByTestId('subject-tile').length).toBeGreaterThan(0))
    await user.click(within(within(grid).getAllByTestId('subject-tile')[2]).getByTestId('subject-open'))
    const dialog = await screen.findByTestId('subject-dialog')
    expect(within(dialog).getAllByTestId('subject-dialog-image')[0]).toHaveAttribute('src', 'https://panoptes-uploads.zooniverse.org/subject/9003.jpeg')
    const rows = within(dialog).getAllByTestId('subject-metadata-row')
    expect(rows.map((r) => r.getAttribute('data-key'))).toEqual(['dec', 'ra', '#name'])
    expect(within(dialog).getByTestId('subject-talk')).toHaveAttribute('href', 'https://www.zooniverse.org/talk/subjects/9003')
  })

  it('workflows and subject sets: paged tables; add one to the basket; show a subject set in the gallery', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    renderPage()
    await screen.findByTestId('zooniverse-project-title')
    await user.click(screen.getByTestId('zooniverse-tab-workflows'))
    const workflows = await screen.findAllByTestId('zooniverse-workflow-row')
    expect(workflows).toHaveLength(2)
    expect(workflows[1]).toHaveTextContent('inactive')
    await user.click(within(workflows[0]).getByTestId('zooniverse-workflow-add'))
    await screen.findByTestId('basket-added')
    const post = calls.filter((c) => c.method === 'POST').at(-1)
    expect((post!.body as { items: unknown[] }).items).toEqual([
      expect.objectContaining({ item_type: 'zooniverse_workflow', identifier: '31', title: 'Workflow 31', metadata: expect.objectContaining({ project_id: '1234' }) }),
    ])

    await user.click(screen.getByTestId('zooniverse-tab-subject-sets'))
    const sets = await screen.findAllByTestId('zooniverse-subject-set-row')
    expect(sets).toHaveLength(2)
    await user.click(within(sets[1]).getByTestId('zooniverse-subject-set-add'))
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2))
    expect((calls.filter((c) => c.method === 'POST').at(-1)!.body as { items: { item_type: string; identifier: string }[] }).items[0]).toMatchObject({
      item_type: 'zooniverse_subject_set',
      identifier: '72',
    })

    await user.click(within(sets[0]).getByTestId('zooniverse-subject-set-show'))
    expect(await screen.findByTestId('subject-set-filter')).toHaveTextContent('Subject set: Set 71')
    await waitFor(() => expect(within(screen.getByTestId('subject-grid')).getAllByTestId('subject-tile')).toHaveLength(3))
    expect(calls.some((c) => c.url === `${BASE}/subjects/?subject_set=71&page=1&page_size=24`)).toBe(true)
    await user.click(screen.getByTestId('subject-set-clear'))
    await waitFor(() => expect(within(screen.getByTestId('subject-grid')).getAllByTestId('subject-tile')).toHaveLength(24))
  })

  it('adds the project itself to the basket', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    renderPage()
    await user.click(await screen.findByTestId('zooniverse-project-add'))
    await screen.findByTestId('basket-added')
    const body = calls.find((c) => c.method === 'POST')?.body as { items: { item_type: string; identifier: string; metadata: Record<string, unknown> }[] }
    expect(body.items[0]).toMatchObject({ item_type: 'zooniverse_project', identifier: '1234', metadata: expect.objectContaining({ thumbnail: 'https://panoptes-uploads.zooniverse.org/avatar/gz.png' }) })
  })

  it('connects a Zooniverse account (the password is cleared at once), then an owner requests an export', async () => {
    const { calls } = backend({ owner: true })
    const user = userEvent.setup()
    renderPage()
    const form = await screen.findByTestId('zooniverse-connect-form')
    await user.type(within(form).getByTestId('zooniverse-login'), 'alice_z')
    await user.type(within(form).getByTestId('zooniverse-password'), 's3cret!')
    await user.click(within(form).getByTestId('zooniverse-connect'))
    expect(within(form).getByTestId('zooniverse-password')).toHaveValue('')
    const post = calls.find((c) => c.method === 'POST' && c.url === `${BASE}/account/`)
    expect(post?.body).toEqual({ login: 'alice_z', password: 's3cret!' })
    expect(post?.url).not.toContain('s3cret')
    expect(await screen.findByTestId('zooniverse-account-status')).toHaveTextContent('Zooniverse account: alice_z')

    // The project is fetched again: now an owner.
    await user.click(await screen.findByTestId('zooniverse-request-export'))
    expect(await screen.findByTestId('zooniverse-export-requested')).toHaveTextContent('Zooniverse is building the classification export')
    expect(screen.getByTestId('zooniverse-export-requested-link')).toHaveAttribute('href', '/zooniverse/exports')
    const request = calls.find((c) => c.method === 'POST' && c.url === `${BASE}/projects/1234/exports/`)
    expect(request?.body).toEqual({ kind: 'classifications' })
  })

  it('refused credentials: says so, and keeps no password', async () => {
    backend({ loginFails: true })
    const user = userEvent.setup()
    renderPage()
    const form = await screen.findByTestId('zooniverse-connect-form')
    await user.type(within(form).getByTestId('zooniverse-login'), 'alice_z')
    await user.type(within(form).getByTestId('zooniverse-password'), 'wrong')
    await user.click(within(form).getByTestId('zooniverse-connect'))
    expect(await screen.findByTestId('zooniverse-login-failed')).toBeInTheDocument()
    expect(within(form).getByTestId('zooniverse-password')).toHaveValue('')
  })

  it('disconnects after asking', async () => {
    const { calls } = backend({ connected: true })
    const user = userEvent.setup()
    renderPage()
    expect(await screen.findByTestId('zooniverse-account-status')).toHaveTextContent('alice_z')
    await user.click(screen.getByTestId('zooniverse-disconnect'))
    await user.click(await screen.findByTestId('zooniverse-disconnect-confirm'))
    await screen.findByTestId('zooniverse-connect-form')
    expect(calls.some((c) => c.method === 'DELETE' && c.url === `${BASE}/account/`)).toBe(true)
  })

  it('anonymous visitors see the project without the account panel', async () => {
    const { calls } = backend({ signedIn: false })
    renderPage()
    await screen.findByTestId('zooniverse-project-title')
    await screen.findByTestId('subject-grid')
    expect(screen.queryByTestId('zooniverse-connect-form')).toBeNull()
    expect(calls.some((c) => c.url.endsWith('/account/'))).toBe(false)
  })
})

describe('Zooniverse accounts on the profile', () => {
  it('one account panel per Zooniverse dataset', async () => {
    backend({ connected: true })
    renderWithProviders(<ZooniverseAccountsSection />)
    const section = await screen.findByTestId('profile-zooniverse-zooniverse')
    expect(await within(section).findByTestId('zooniverse-account-status')).toHaveTextContent('alice_z')
  })
})
