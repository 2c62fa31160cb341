import { expect, test } from '@playwright/test'

test('archives page lists archives, datasets and health, with filters', async ({ page }) => {
  await page.goto('/')
  await page.getByTestId('nav-archives').click()
  await expect(page).toHaveURL(/\/archives$/)

  await expect(page.getByTestId('archive-local-dachs')).toBeVisible()
  await expect(page.getByTestId('archive-broken-archive')).toBeVisible()
  await expect(page.getByTestId('dataset-dachs-cat')).toBeVisible()
  await expect(page.getByTestId('dataset-dachs-cat').getByTestId('connector-type')).toHaveText('ivoa-tap')
  await expect(page.getByTestId('health-dachs-cat')).toHaveAttribute('data-health', /up|down|unknown/)

  // Text filter (server-side search).
  await page.getByTestId('filter-text').fill('cone search')
  await expect(page.getByTestId('dataset-dachs-scs')).toBeVisible()
  await expect(page.getByTestId('dataset-dachs-cat')).toHaveCount(0)
  await expect(page.getByTestId('archive-broken-archive')).toHaveCount(0)

  // Connector type filter.
  await page.getByTestId('filter-text').fill('')
  await page.getByTestId('filter-connector').click()
  await page.getByRole('option', { name: 'ivoa-sia', exact: true }).click()
  await expect(page).toHaveURL(/connector_type=ivoa-sia/)
  await expect(page.getByTestId('dataset-dachs-sia')).toBeVisible()
  await expect(page.getByTestId('dataset-dachs-cat')).toHaveCount(0)

  // "ADQL" shortcut from a dataset opens the expert tab on it.
  await page.goto('/archives')
  await page.getByTestId('dataset-dachs-cat').getByRole('link', { name: 'ADQL' }).click()
  await expect(page).toHaveURL(/tab=adql&dataset=dachs-cat/)
  await expect(page.getByTestId('schema-table-tapstudy.cat')).toBeVisible()
})

test('deep links and unknown routes are served by the SPA', async ({ page }) => {
  await page.goto('/registry')
  await expect(page.getByTestId('registry-page')).toBeVisible()
  await page.goto('/no/such/page')
  await expect(page.getByTestId('not-found')).toBeVisible()
  await expect(page.getByTestId('nav-admin')).toHaveAttribute('href', '/admin/')
})
