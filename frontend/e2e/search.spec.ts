import { expect, test, type Page } from '@playwright/test'

/**
 * Full federated search against the real backend + local DaCHS:
 * cone 155, 0, r=0.5 → dachs-cat 29 rows, broken-refused error.
 */

async function runConeSearch(page: Page) {
  await page.goto('/')
  await expect(page.getByTestId('pick-dataset-dachs-cat')).toBeChecked()
  await page.getByTestId('input-ra').fill('155')
  await page.getByTestId('input-dec').fill('0')
  await page.getByTestId('input-radius').fill('0.5')
  await page.getByTestId('submit-search').click()
  await expect(page).toHaveURL(/\/searches\/[0-9a-f-]{36}$/)
  return page.url().split('/searches/')[1]
}

test('bad input is rejected in the form without leaving the page', async ({ page }) => {
  await page.goto('/search')
  await page.getByTestId('input-ra').fill('400')
  await page.getByTestId('input-dec').fill('0')
  await page.getByTestId('submit-search').click()
  await expect(page.getByText('RA must be between 0 and 360 degrees')).toBeVisible()
  await expect(page).toHaveURL(/\/search$/)
})

test('cone search: live status chips, table paging and sorting, sky plot, export', async ({ page }) => {
  const searchId = await runConeSearch(page)

  // Status chips reach their final state.
  const cat = page.getByTestId('status-chip-dachs-cat')
  await expect(cat).toHaveAttribute('data-status', 'ok')
  await expect(cat).toHaveAttribute('data-rows', '29')
  await expect(cat).toContainText('29 rows')
  const broken = page.getByTestId('status-chip-broken-refused')
  await expect(broken).toHaveAttribute('data-status', 'error')
  await expect(page.getByTestId('status-chip-dachs-scs')).toHaveAttribute('data-rows', '29')
  await expect(page.getByTestId('results-page')).toHaveAttribute('data-complete', 'true')

  // The error message of the broken archive is shown on expand.
  await broken.click()
  await expect(page.getByTestId('status-detail-broken-refused')).toBeVisible()
  await expect(page.getByTestId('status-error-message')).not.toBeEmpty()

  // "All" tab: merged rows with a dataset column; the sky plot has every row of every dataset.
  await expect(page.getByTestId('sort-dataset')).toBeVisible()
  await expect(page.getByTestId('result-row').first()).toBeVisible()
  const allPlot = page.getByTestId('results-view-all').getByTestId('sky-plot')
  await expect(allPlot.getByTestId('sky-points-dachs-cat')).toHaveAttribute('data-count', '29')
  await expect(allPlot.getByTestId('sky-points-dachs-scs')).toHaveAttribute('data-count', '29')
  await expect(allPlot.getByTestId('sky-legend-dachs-cat')).toContainText('(29)')
  await expect(allPlot).toHaveAttribute('data-truncated', 'false')

  // The dachs-cat tab: 29 rows, paged by 10.
  await page.getByTestId('results-tab-dachs-cat').click()
  await expect(page).toHaveURL(/tab=dachs-cat/)
  const view = page.getByTestId('results-view-dachs-cat')
  await expect(view.getByTestId('pager-summary')).toHaveText('1–25 of 29')
  await expect(view.getByTestId('result-row')).toHaveCount(25)
  // The sky plot shows all 29 positions of the dataset, not just the page.
  const plot = view.getByTestId('sky-plot')
  await expect(plot).toHaveAttribute('data-count', '29')
  await expect(plot.getByTestId('sky-points-dachs-cat')).toHaveAttribute('data-count', '29')
  await expect(plot.locator('path[data-dataset]')).toHaveCount(1)
  await expect(plot.getByTestId('sky-legend-dachs-cat')).toContainText('(29)')
  await expect(plot.getByTestId('sky-cone')).toBeVisible()

  await view.getByTestId('pager-size').click()
  await page.getByRole('option', { name: '10', exact: true }).click()
  await expect(view.getByTestId('pager-summary')).toHaveText('1–10 of 29')
  await expect(view.getByTestId('result-row')).toHaveCount(10)
  await view.getByTestId('pager-page-3').click()
  await expect(view.getByTestId('pager-summary')).toHaveText('21–29 of 29')
  await expect(view.getByTestId('result-row')).toHaveCount(9)
  await expect(plot).toHaveAttribute('data-count', '29')

  // Sorting by RA, ascending then descending (server-side ordering).
  const raValues = async () =>
    (await view.locator('[data-testid="result-row"] [data-col="ra"]').allTextContents()).map(Number)
  await view.getByTestId('sort-ra').click()
  await expect(view.getByTestId('sort-ra')).toHaveAttribute('data-direction', 'ascending')
  await expect(view.getByTestId('pager-summary')).toHaveText('1–10 of 29')
  await expect(view.locator('table[aria-busy]')).toHaveCount(0)
  const ascending = await raValues()
  expect(ascending).toHaveLength(10)
  expect([...ascending].sort((a, b) => a - b)).toEqual(ascending)

  await view.getByTestId('sort-ra').click()
  await expect(view.getByTestId('sort-ra')).toHaveAttribute('data-direction', 'descending')
  await expect(view.locator('table[aria-busy]')).toHaveCount(0)
  await expect.poll(async () => (await raValues())[0]).toBeGreaterThan(ascending[9])
  const descending = await raValues()
  expect([...descending].sort((a, b) => b - a)).toEqual(descending)

  // The archive's own columns, with units from the run's columns; empty common columns are left out.
  await expect(view.getByTestId('column-mag')).toContainText('[mag]')
  await expect(view.getByTestId('column-ra')).toContainText('[deg]')
  await expect(view.locator('[data-testid="result-row"] [data-col="field:mag"]').first()).not.toBeEmpty()
  await expect(view.getByTestId('sort-format')).toHaveCount(0)
  await view.getByTestId('toggle-fields').click()
  await expect(view.getByTestId('column-mag')).toHaveCount(0)

  // Export: the VOTable link answers 200 with a VOTable, and clicking it downloads.
  const link = view.getByTestId('export-votable-dachs-cat')
  const href = await link.getAttribute('href')
  expect(href).toBe(`/api/v1/searches/${searchId}/export/?dataset=dachs-cat&format=votable`)
  const response = await page.request.get(href!)
  expect(response.status()).toBe(200)
  expect(response.headers()['content-type']).toContain('votable')
  expect(await response.text()).toContain('<VOTABLE')
  const downloadPromise = page.waitForEvent('download')
  await link.click()
  const download = await downloadPromise
  expect(download.suggestedFilename()).toMatch(/\.(xml|vot|votable)$/i)
  expect(await download.failure()).toBeNull()

  // Cone search (SCS) offers only VOTable.
  await page.getByTestId('results-tab-dachs-scs').click()
  await expect(page.getByTestId('export-votable-dachs-scs')).toBeVisible()
  await expect(page.getByTestId('export-csv-dachs-scs')).toHaveCount(0)

  // The broken dataset's tab explains the error.
  await page.getByTestId('results-tab-broken-refused').click()
  await expect(page.getByTestId('run-error')).toBeVisible()
})

test('re-run creates a new search', async ({ page }) => {
  const first = await runConeSearch(page)
  await expect(page.getByTestId('status-chip-dachs-cat')).toHaveAttribute('data-status', 'ok')
  await page.getByTestId('rerun').click()
  await expect(page).not.toHaveURL(new RegExp(first))
  await expect(page).toHaveURL(/\/searches\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('status-chip-dachs-cat')).toHaveAttribute('data-status', 'ok')
  await expect(page.getByTestId('status-chip-dachs-cat')).toHaveAttribute('data-rows', '29')
})

test('constraints: magnitude > 19.9 on the catalogue gives 49 rows', async ({ page }) => {
  await page.goto('/search?datasets=dachs-cat')
  await expect(page.getByTestId('pick-dataset-dachs-cat')).toBeChecked()
  await expect(page.getByTestId('pick-dataset-dachs-scs')).not.toBeChecked()
  await page.getByTestId('add-constraint').click()
  await page.getByTestId('constraint-0-param').click()
  await page.getByRole('option', { name: /^magnitude/ }).click()
  await page.getByTestId('constraint-0-op').click()
  await page.getByRole('option', { name: '>', exact: true }).click()
  await page.getByTestId('constraint-0-value').fill('19.9')
  await page.getByTestId('submit-search').click()
  await expect(page).toHaveURL(/\/searches\/[0-9a-f-]{36}$/)
  const chip = page.getByTestId('status-chip-dachs-cat')
  await expect(chip).toHaveAttribute('data-status', 'ok')
  await expect(chip).toHaveAttribute('data-rows', '49')
  await expect(page.getByTestId('query-summary')).toContainText('magnitude > 19.9')
})
