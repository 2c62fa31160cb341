import { expect, test, type Locator, type Page } from '@playwright/test'

import { clearBasket } from './helpers.ts'

/**
 * Zooniverse against the loopback Panoptes fixture server (tests/support/panoptes_server.py,
 * started by tests/e2e/run-e2e.sh on 127.0.0.1:28190): the dataset `zooniverse` of
 * config/local-archives.json, recorded responses in tests/data/zooniverse/. Project 1001 "Galaxy
 * Zoo" has 30 subjects (80001…80030), workflows and subject sets; the fixture account
 * owner / owner-pw owns it. A requested export is pending until the server's export delay has
 * passed (20 s by default), then ready with a CSV.
 *
 * Journey: a user searches "galaxy" across all archives, sees the Zooniverse projects as tiles
 * beside the IVOA results, opens a project, pages through its subjects' images, adds subjects to
 * the basket; as the project's owner (Zooniverse account connected) requests a classification
 * export and downloads it when ready.
 */
const username = process.env.E2E_ADMIN_USER ?? process.env.DJANGO_SUPERUSER_USERNAME
const password = process.env.E2E_ADMIN_PASSWORD ?? process.env.DJANGO_SUPERUSER_PASSWORD
if (!username || !password) throw new Error('set E2E_ADMIN_USER/E2E_ADMIN_PASSWORD or DJANGO_SUPERUSER_USERNAME/DJANGO_SUPERUSER_PASSWORD')

const DATASET = 'zooniverse'
const PROJECT = '1001'
const PROJECT_NAME = 'Galaxy Zoo'
const ZOONIVERSE_LOGIN = process.env.E2E_ZOONIVERSE_LOGIN ?? 'owner'
const ZOONIVERSE_PASSWORD = process.env.E2E_ZOONIVERSE_PASSWORD ?? 'owner-pw'

async function signIn(page: Page) {
  await page.goto('/search')
  await page.getByTestId('sign-in').click()
  await expect(page).toHaveURL(/\/login/)
  await page.getByTestId('login-username').fill(username!)
  await page.getByTestId('login-password').fill(password!)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('user-menu')).toBeVisible()
}

/** Every image of the locator has loaded (served by the fixture server's /media/). */
async function expectImagesLoaded(images: Locator) {
  await expect
    .poll(async () => images.evaluateAll((imgs) => imgs.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)))
    .toBe(true)
}

test('zooniverse: projects as tiles beside IVOA results, subject gallery to the basket, owner export download', async ({ page }) => {
  test.setTimeout(180_000)
  await signIn(page)
  await clearBasket(page)

  // A keyword search on every archive (the default: all enabled datasets).
  await page.goto('/search')
  await expect(page.getByTestId(`pick-dataset-${DATASET}`)).toBeChecked()
  await expect(page.getByTestId('pick-dataset-dachs-registry')).toBeChecked()
  await page.getByTestId('input-keyword').fill('galaxy')
  await page.getByTestId('submit-search').click()
  await expect(page).toHaveURL(/\/searches\/[0-9a-f-]{36}$/)
  const resultsUrl = page.url()
  await expect(page.getByTestId(`status-chip-${DATASET}`)).toHaveAttribute('data-status', 'ok')
  await expect(page.getByTestId('status-chip-dachs-registry')).toHaveAttribute('data-status', /ok|overflow/)

  // "All": a strip of project tiles, and the table of the other (IVOA) results beside it.
  const strip = page.getByTestId(`zooniverse-strip-${DATASET}`)
  await expect(strip).toBeVisible()
  const tiles = strip.getByTestId('zooniverse-tile')
  await expect(tiles.first()).toBeVisible()
  const galaxyZoo = strip.locator(`[data-testid="zooniverse-tile"][data-project="${PROJECT}"]`)
  await expect(galaxyZoo.getByTestId('zooniverse-tile-title')).toHaveText(PROJECT_NAME)
  await expect(galaxyZoo.getByTestId('zooniverse-tile-description')).toContainText('classify galaxies')
  await expect(galaxyZoo.getByTestId('count-classifications')).toContainText('98,234,511')
  await expectImagesLoaded(galaxyZoo.getByTestId('zooniverse-tile-image'))
  // The IVOA results beside them: the local RegTAP registry has one resource about galaxies
  // (tests/services/dachs/gen_regtap.py), in the table below the strip.
  const view = page.getByTestId('results-view-all')
  await expect(page.getByTestId('status-chip-dachs-registry')).toHaveAttribute('data-rows', '1')
  await expect(view.locator('[data-testid="result-row"][data-dataset="dachs-registry"]'))
    .toContainText('Synthetic ultraviolet imaging survey')

  // The Zooniverse tab: a tile grid, no table.
  await page.getByTestId(`results-tab-${DATASET}`).click()
  const grid = page.getByTestId(`zooniverse-tiles-${DATASET}`)
  await expect(grid.getByTestId('zooniverse-tile').first()).toBeVisible()
  await expect(page.getByTestId(`results-view-${DATASET}`).getByTestId('result-row')).toHaveCount(0)
  // One project into the basket from its tile (a zooniverse_project item).
  await grid.locator(`[data-testid="zooniverse-tile"][data-project="${PROJECT}"]`).getByTestId('zooniverse-tile-add').click()
  await expect(page.getByTestId('basket-added').last()).toContainText('1 item added to your basket.')

  // Its project page.
  await grid.locator(`[data-testid="zooniverse-tile"][data-project="${PROJECT}"]`).getByTestId('zooniverse-tile-title').click()
  await expect(page).toHaveURL(new RegExp(`/zooniverse/${DATASET}/projects/${PROJECT}$`))
  await expect(page.getByTestId('zooniverse-project-title')).toHaveText(PROJECT_NAME)
  await expect(page.getByTestId('count-subjects')).toHaveText('30 subjects')
  await expect(page.getByTestId('zooniverse-project-external')).toHaveAttribute('href', /zookeeper\/galaxy-zoo$/)

  // The subject gallery: 24 per page, sorted by id; page 2 holds the last 6.
  const gallery = page.getByTestId('subject-grid')
  const subjects = gallery.getByTestId('subject-tile')
  await expect(subjects).toHaveCount(24)
  await expect(subjects.first()).toHaveAttribute('data-subject', '80001')
  await expectImagesLoaded(gallery.getByTestId('subject-image'))
  await subjects.nth(0).getByTestId('subject-select').check()
  await subjects.nth(1).getByTestId('subject-select').check()
  // Metadata on click.
  await subjects.nth(0).getByTestId('subject-open').click()
  await expect(page.getByTestId('subject-dialog')).toBeVisible()
  await expect(page.locator('[data-testid="subject-dialog"] [data-testid="subject-metadata-row"][data-key="redshift"]')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('subject-dialog')).toBeHidden()

  await page.getByTestId('subjects-pager-page-2').click()
  await expect(gallery).toHaveAttribute('data-page', '2')
  await expect(subjects).toHaveCount(6)
  await expect(subjects.first()).toHaveAttribute('data-subject', '80025')
  await expectImagesLoaded(gallery.getByTestId('subject-image'))
  await subjects.nth(0).getByTestId('subject-select').check()
  await expect(page.getByTestId('subjects-add-selected')).toHaveText('Add selected to basket (3)')
  await page.getByTestId('subjects-add-selected').click()
  await expect(page.getByTestId('basket-added').last()).toContainText('3 items added to your basket.')
  await expect(page.getByTestId('basket-count')).toHaveText('4')

  // Workflows and subject sets.
  await page.getByTestId('zooniverse-tab-workflows').click()
  await expect(page.getByTestId('zooniverse-workflow-row')).toHaveCount(3)
  await page.getByTestId('zooniverse-tab-subject-sets').click()
  await expect(page.getByTestId('zooniverse-subject-set-row')).toHaveCount(2)

  // The basket shows them with thumbnails and links back to the project page.
  await page.goto('/basket')
  await expect(page.getByTestId('basket-item-zooniverse')).toHaveCount(4)
  const subjectItems = page.locator('[data-testid="basket-item-zooniverse"][data-type="zooniverse_subject"]')
  await expect(subjectItems).toHaveCount(3)
  await expectImagesLoaded(subjectItems.getByTestId('basket-item-thumbnail'))
  await page.locator('[data-testid="basket-item-zooniverse"][data-type="zooniverse_project"]').getByTestId('basket-item-title').click()
  await expect(page).toHaveURL(new RegExp(`/zooniverse/${DATASET}/projects/${PROJECT}$`))

  // The owner connects the Zooniverse account (once per ESAP user) and requests an export.
  await expect(page.getByTestId('zooniverse-account')).toBeVisible()
  if ((await page.getByTestId('zooniverse-account').getAttribute('data-connected')) !== 'true') {
    await page.getByTestId('zooniverse-login').fill(ZOONIVERSE_LOGIN)
    await page.getByTestId('zooniverse-password').fill(ZOONIVERSE_PASSWORD)
    await page.getByTestId('zooniverse-connect').click()
    await expect(page.getByTestId('zooniverse-password')).toHaveCount(0)
  }
  await expect(page.getByTestId('zooniverse-account-status')).toContainText(ZOONIVERSE_LOGIN)
  await expect(page.getByTestId('zooniverse-project-owner')).toBeVisible()
  await page.getByTestId('zooniverse-request-export').click()
  await expect(page.getByTestId('zooniverse-export-requested').last()).toBeVisible()
  await page.getByTestId('zooniverse-export-requested-link').click()

  // The exports page (also in the navigation): pending, then ready.
  await expect(page).toHaveURL(/\/zooniverse\/exports$/)
  await expect(page.getByTestId('nav-zooniverse-exports')).toBeVisible()
  const row = page.getByTestId('zooniverse-export-row').first()
  await expect(row.getByTestId('zooniverse-export-project')).toHaveText(PROJECT_NAME)
  await expect(row).toHaveAttribute('data-state', /pending|ready/)
  // The page refetches every 5 s while pending; "Check now" asks Zooniverse at once.
  await expect(async () => {
    if ((await row.getAttribute('data-state')) === 'pending') await row.getByTestId('zooniverse-export-refresh').click()
    await expect(row).toHaveAttribute('data-state', 'ready', { timeout: 5_000 })
  }).toPass({ timeout: 90_000, intervals: [5_000] })
  await expect(row.getByTestId('zooniverse-export-state')).toHaveText('ready')

  // Download the CSV.
  const downloading = page.waitForEvent('download')
  await row.getByTestId('zooniverse-export-download').click()
  const download = await downloading
  const path = await download.path()
  const { readFile } = await import('node:fs/promises')
  const csv = await readFile(path, 'utf8')
  expect(csv.split('\n')[0]).toContain('classification_id')
  expect(csv).toContain('Galaxy morphology (DECaLS)')

  // And into the basket (a data_product).
  await row.getByTestId('zooniverse-export-basket').click()
  await expect(page.getByTestId('basket-added').last()).toContainText('1 item added to your basket.')
  await expect(page.getByTestId('basket-count')).toHaveText('5')

  await page.goto(resultsUrl)
  await expect(page.getByTestId(`status-chip-${DATASET}`)).toBeVisible()
})
