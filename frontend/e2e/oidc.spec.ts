import { expect, test, type Page } from '@playwright/test'

import { CONE_ROWS, clearBasket, coneSearchOnCatalogue, selectRows } from './helpers.ts'

/**
 * Sign-in through the OpenID provider (tests/services/oidc: node oidc-provider on 127.0.0.1:9400,
 * started by tests/e2e/run-e2e.sh, which gives Django the OIDC_* settings): the login page's
 * "Sign in with ESCAPE IAM" → the provider's form (alice / alice-pw) → back in the SPA, signed in;
 * the basket works; signing out answers the provider's end-session URL.
 */
const label = process.env.E2E_OIDC_LABEL ?? 'ESCAPE IAM'

test('sign in with the identity provider, use the basket, sign out', async ({ page }) => {
  await page.goto('/basket')
  await page.getByTestId('sign-in').click()
  await expect(page).toHaveURL(/\/login/)
  const button = page.getByTestId('login-oidc')
  await expect(button).toHaveText(`Sign in with ${label}`)
  await button.click()

  // The provider's own login page (wrong password first: the provider says so)
  await expect(page).toHaveURL(/127\.0\.0\.1:9400\/interaction\//)
  await page.locator('#username').fill('alice')
  await page.locator('#password').fill('wrong')
  await page.locator('#submit').click()
  await expect(page.locator('#error')).toHaveText('Invalid username or password')
  await page.locator('#username').fill('alice')
  await page.locator('#password').fill('alice-pw')
  await page.locator('#submit').click()

  // Back in the SPA, where we started, signed in with the provider's name for us
  await expect(page).toHaveURL(/127\.0\.0\.1:28000\/basket$/)
  await expect(page.getByTestId('user-name')).toHaveText('Alice Tester')
  const session = await (await page.request.get('/api/v1/auth/session/')).json()
  expect(session.user).toMatchObject({ username: 'alice', email: 'alice@example.org', identity_provider: label })

  // The basket is the signed-in user's (persistent): empty it, add one item, see it
  const csrf = (await page.context().cookies()).find((c) => c.name === 'csrftoken')?.value ?? ''
  const headers = { 'X-CSRFToken': csrf, Referer: page.url() }
  expect((await page.request.delete('/api/v1/basket/items/', { headers })).status()).toBe(204)
  const added = await page.request.post('/api/v1/basket/items/', {
    headers,
    data: { item_type: 'catalogue_row', dataset: 'dachs-cat', identifier: 'oidc-e2e-1', title: 'OIDC e2e row' },
  })
  expect(added.status()).toBe(201)
  await page.reload()
  await expect(page.getByTestId('basket-count')).toHaveText('1')
  await expect(page.getByText('OIDC e2e row')).toBeVisible()

  // Sign out: ESAP's session ends; the API answers the provider's end-session URL and the SPA
  // takes the browser there, so the provider's session ends too; then back to ESAP.
  const logout = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout/'))
  await page.getByTestId('user-menu').click()
  await page.getByTestId('menu-signout').click()
  expect((await logout).status()).toBe(200)
  await page.waitForURL(/^http:\/\/127\.0\.0\.1:9400\/session\/end\?.*id_token_hint=/)
  await page.locator('button[name="logout"][value="yes"]').click()
  await page.waitForURL((url) => url.port !== '9400')
  await expect(page.getByTestId('sign-in')).toBeVisible()
  await expect(page.getByTestId('basket-count')).toHaveText('0')
  // The provider's session is gone as well: signing in again asks for the password.
  await page.getByTestId('sign-in').click()
  await page.getByTestId('login-oidc').click()
  await expect(page.locator('#username')).toBeVisible()
})

/** The provider's login form (alice / alice-pw), from the SPA's "Sign in with …" button. */
async function signInWithProvider(page: Page) {
  await page.getByTestId('sign-in').click()
  await page.getByTestId('login-oidc').click()
  await expect(page).toHaveURL(/127\.0\.0\.1:9400\/interaction\//)
  await page.locator('#username').fill('alice')
  await page.locator('#password').fill('alice-pw')
  await page.locator('#submit').click()
  await expect(page.getByTestId('user-name')).toHaveText('Alice Tester')
}

async function signOutEverywhere(page: Page) {
  await page.getByTestId('user-menu').click()
  await page.getByTestId('menu-signout').click()
  await page.waitForURL(/127\.0\.0\.1:9400\/session\/end/)
  await page.locator('button[name="logout"][value="yes"]').click()
  await page.waitForURL((url) => url.port !== '9400')
  await expect(page.getByTestId('sign-in')).toBeVisible()
}

test('the whole journey through the identity provider: search, basket, sign out and in, token', async ({ page, playwright }) => {
  await page.goto('/search')
  await signInWithProvider(page)
  await clearBasket(page)

  // Rows and a whole dataset result into the basket, from the results view.
  const searchId = await coneSearchOnCatalogue(page)
  await selectRows(page, 3)
  await page.getByTestId('basket-add-selected').click()
  await expect(page.getByTestId('basket-count')).toHaveText('3')
  await page.getByTestId('basket-add-all-dachs-cat').click()
  await expect(page.getByTestId('basket-count')).toHaveText(String(CONE_ROWS))

  // Signed out at ESAP and at the provider; in again (the provider asks for the password).
  await signOutEverywhere(page)
  await expect(page.getByTestId('basket-count')).toHaveText('0')
  await signInWithProvider(page)
  await page.goto('/basket')
  await expect(page.getByTestId('basket-count')).toHaveText(String(CONE_ROWS))
  await expect(page.getByTestId('basket-pager-summary')).toHaveText(`1–25 of ${CONE_ROWS}`)
  await page.goto('/history')
  await expect(page.getByTestId('history-entry').first()).toHaveAttribute('data-search-id', searchId)

  // A personal API token reads the basket as VOTable without any browser cookie (as curl would).
  await page.goto('/profile')
  await page.getByTestId('token-create').click()
  await page.getByTestId('token-name').fill(`oidc journey ${Date.now()}`)
  await page.getByTestId('token-create-submit').click()
  const secret = (await page.getByTestId('token-secret').textContent())?.trim() ?? ''
  expect(secret).toMatch(/^esap_\S{16,}$/)
  await page.getByTestId('token-done').click()
  const script = await playwright.request.newContext({ baseURL: new URL(page.url()).origin })
  const votable = await script.get('/api/v1/basket/export/?format=votable', { headers: { Authorization: `Bearer ${secret}` } })
  expect(votable.status()).toBe(200)
  expect((await votable.text()).match(/<TR>/g)?.length).toBe(CONE_ROWS)

  // Another user (the local e2e account) sees none of it.
  const other = await playwright.request.newContext({ baseURL: new URL(page.url()).origin })
  await other.get('/api/v1/auth/session/')
  const csrf = (await other.storageState()).cookies.find((c) => c.name === 'csrftoken')?.value ?? ''
  const login = await other.post('/api/v1/auth/login/', {
    headers: { 'X-CSRFToken': csrf, Referer: new URL(page.url()).origin + '/' },
    data: { username: process.env.DJANGO_SUPERUSER_USERNAME, password: process.env.DJANGO_SUPERUSER_PASSWORD },
  })
  expect(login.status()).toBe(200)
  const theirs = await (await other.get('/api/v1/basket/items/?page_size=100')).json()
  expect(theirs.results.map((item: { metadata: { search?: string } }) => item.metadata.search)).not.toContain(searchId)
  expect((await other.get(`/api/v1/searches/${searchId}/`)).status()).toBe(404)
  await script.dispose()
  await other.dispose()
})
