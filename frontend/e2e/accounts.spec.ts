import { expect, test, type Page } from '@playwright/test'

import { CONE_ROWS, clearBasket, coneSearchOnCatalogue, selectRows } from './helpers.ts'

/**
 * Accounts against the real backend: local sign-in, basket from the results (selected rows, a
 * whole dataset result, the query), search history, API tokens (secret shown once; usable as a
 * Bearer token; 401 once revoked), and the anonymous basket merged on sign-in.
 *
 * The local account is the e2e superuser: E2E_ADMIN_USER / E2E_ADMIN_PASSWORD, else
 * DJANGO_SUPERUSER_USERNAME / DJANGO_SUPERUSER_PASSWORD (what tests/e2e/run-e2e.sh creates).
 * Data: cone (155, 0, 0.5°) on dachs-cat → 29 rows.
 */
const username = process.env.E2E_ADMIN_USER ?? process.env.DJANGO_SUPERUSER_USERNAME
const password = process.env.E2E_ADMIN_PASSWORD ?? process.env.DJANGO_SUPERUSER_PASSWORD

if (!username || !password) throw new Error('set E2E_ADMIN_USER/E2E_ADMIN_PASSWORD or DJANGO_SUPERUSER_USERNAME/DJANGO_SUPERUSER_PASSWORD')

/** Sign in through the header's "Sign in" and the local form; back on the page we came from. */
async function signIn(page: Page) {
  const from = new URL(page.url()).pathname
  await page.getByTestId('sign-in').click()
  await expect(page).toHaveURL(/\/login/)
  await page.getByTestId('login-username').fill(username!)
  await page.getByTestId('login-password').fill(password!)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('user-menu')).toBeVisible()
  await expect(page).toHaveURL(new RegExp(`${from === '/' ? '/$' : from}`))
}

async function signOut(page: Page) {
  await page.getByTestId('user-menu').click()
  await page.getByTestId('menu-signout').click()
  await expect(page.getByTestId('sign-in')).toBeVisible()
}

test('login form: wrong credentials show the API message', async ({ page }) => {
  await page.goto('/login')
  await page.getByTestId('login-username').fill(`no-such-user-${Date.now()}`)
  await page.getByTestId('login-password').fill('wrong')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('login-error')).toHaveText('Wrong username or password.')
  await expect(page).toHaveURL(/\/login$/)
})

test('signed in: basket from results survives sign-out; history; API token used then revoked', async ({ page, request }) => {
  await page.goto('/search')
  await signIn(page)
  await clearBasket(page)

  // Basket from the results: 3 selected rows, then the whole dataset result, then the query.
  const searchId = await coneSearchOnCatalogue(page)
  await selectRows(page, 3)
  await page.getByTestId('basket-add-selected').click()
  await expect(page.getByTestId('basket-added').last()).toContainText('3 items added to your basket.')
  await expect(page.getByTestId('basket-count')).toHaveText('3')
  await expect(page.getByTestId('basket-add-selected')).toBeDisabled()

  await page.getByTestId('basket-add-all-dachs-cat').click()
  await expect(page.getByTestId('basket-added').last()).toContainText(
    `${CONE_ROWS - 3} items added to your basket (3 were already in it).`,
  )
  await page.getByTestId('basket-add-query-dachs-cat').click()
  await expect(page.getByTestId('basket-added').last()).toContainText('1 item added to your basket.')
  await expect(page.getByTestId('basket-count')).toHaveText(String(CONE_ROWS + 1))

  // Sign out: the (new, anonymous) session has an empty basket. Sign in again: all there.
  await signOut(page)
  await expect(page.getByTestId('basket-count')).toHaveText('0')
  await page.goto('/basket')
  await expect(page.getByTestId('basket-empty')).toBeVisible()
  await signIn(page)
  await expect(page).toHaveURL(/\/basket$/)
  await expect(page.getByTestId('basket-count')).toHaveText(String(CONE_ROWS + 1))
  await expect(page.getByTestId('basket-pager-summary')).toHaveText(`1–25 of ${CONE_ROWS + 1}`)
  await expect(page.getByTestId('basket-item-catalogue-row').first().getByTestId('basket-item-position')).toContainText('RA 15')

  await page.getByTestId('basket-filter-type').getByText('Queries', { exact: true }).click()
  await expect(page.getByTestId('basket-item')).toHaveCount(1)
  const query = page.getByTestId('basket-item-query')
  await expect(query.getByTestId('basket-item-query-summary')).toContainText('cone RA 155°, Dec 0°, r 0.5°')
  await expect(page.getByTestId('basket-export-votable')).toHaveAttribute('href', '/api/v1/basket/export/?format=votable&item_type=query')
  // Notes, edited in place.
  await page.getByTestId('basket-notes-edit').click()
  await page.getByTestId('basket-notes-input').fill('the e2e cone')
  await page.getByTestId('basket-notes-save').click()
  await expect(page.getByTestId('basket-notes')).toHaveText('the e2e cone')

  // The search is in the history, newest first; rename it.
  await page.getByTestId('user-menu').click()
  await page.getByTestId('menu-history').click()
  await expect(page).toHaveURL(/\/history$/)
  const entry = page.locator(`[data-testid="history-entry"][data-search-id="${searchId}"]`)
  await expect(page.getByTestId('history-entry').first()).toHaveAttribute('data-search-id', searchId)
  await expect(entry.getByTestId('history-open')).toContainText('cone RA 155°, Dec 0°, r 0.5°')
  await expect(entry.getByTestId('history-status-ok')).toHaveText('1 ok')
  await entry.getByTestId('history-rename').click()
  await entry.getByTestId('history-name-input').fill('e2e cone')
  await entry.getByTestId('history-name-save').click()
  await expect(entry.getByTestId('history-open')).toHaveText('e2e cone')
  await entry.getByTestId('history-save').click()
  await expect(entry).toHaveAttribute('data-saved', 'true')

  // An API token: the secret is shown once, then works as a Bearer token until revoked.
  await page.getByTestId('user-menu').click()
  await page.getByTestId('menu-profile').click()
  await expect(page.getByTestId('profile-username')).toHaveValue(username!)
  const name = `e2e token ${Date.now()}`
  await page.getByTestId('token-create').click()
  await page.getByTestId('token-name').fill(name)
  await page.getByTestId('token-create-submit').click()
  const secret = (await page.getByTestId('token-secret').textContent())?.trim() ?? ''
  expect(secret).toMatch(/^esap_\S{16,}$/)
  await expect(page.getByTestId('token-once-warning')).toBeVisible()
  await page.getByTestId('token-done').click()
  await expect(page.getByTestId('token-secret')).toHaveCount(0)
  const row = page.locator(`[data-testid="token-row"][data-token-name="${name}"]`)
  await expect(row).toHaveAttribute('data-state', 'active')
  expect(await page.locator('body').textContent()).not.toContain(secret)

  // `request` has no browser cookies: only the token authenticates.
  const exported = await request.get('/api/v1/basket/export/?format=votable', { headers: { Authorization: `Bearer ${secret}` } })
  expect(exported.status()).toBe(200)
  expect(await exported.text()).toContain('<VOTABLE')

  await row.getByTestId('token-revoke').click()
  await page.getByTestId('token-revoke-confirm').click()
  await expect(row).toHaveAttribute('data-state', 'revoked')
  const refused = await request.get('/api/v1/basket/export/?format=votable', { headers: { Authorization: `Bearer ${secret}` } })
  expect(refused.status()).toBe(401)

  await signOut(page)
})

test('anonymous basket is merged into the account on sign-in', async ({ page }) => {
  await page.goto('/basket')
  await signIn(page)
  await clearBasket(page)
  await signOut(page)

  await coneSearchOnCatalogue(page)
  await expect(page.getByTestId('sign-in')).toBeVisible()
  await selectRows(page, 2)
  await page.getByTestId('basket-add-selected').click()
  await expect(page.getByTestId('basket-added').last()).toContainText('2 items added to your basket.')
  await expect(page.getByTestId('basket-count')).toHaveText('2')

  await signIn(page)
  await expect(page.getByTestId('basket-count')).toHaveText('2')
  await page.getByTestId('nav-basket').click()
  await expect(page.getByTestId('basket-item')).toHaveCount(2)
  await signOut(page)
})
