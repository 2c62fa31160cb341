import { Alert, Anchor, Button, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core'
import { useMemo, useState, type FormEvent } from 'react'
import { Link, useLocation, useNavigate } from 'react-router'
import { ApiError } from '../../api/client'
import { useSession } from '../../api/hooks'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import { formatBytes } from '../../lib/format'
import { loginPath } from '../auth/api'
import { useProfile } from '../profile/api'
import { useDestinations } from '../rucio/api'
import { stagingPath } from '../rucio/did'
import { useCreateStaging } from './api'
import { destinationLabel } from './labels'

/** Rucio's exception name of an error answer (`details.rucio`), if any. */
function rucioException(error: unknown): string | null {
  if (!(error instanceof ApiError) || !error.details || typeof error.details !== 'object') return null
  const name = (error.details as { rucio?: unknown }).rucio
  return typeof name === 'string' && name ? name : null
}

/** What to stage: DIDs (`scope:name`, from a DID page) or Rucio basket items (their ids). */
export type StageTarget = { dids: string[] } | { basketItems: number[] }

/**
 * The "Stage…" dialog: destination and lifetime of the Rucio rules, a size summary, then
 * `POST /rucio/staging/` and on to the request's page. API errors are shown with their code.
 */
export function StageDialog({
  opened,
  onClose,
  dataset,
  datasetName,
  target,
  count,
  bytes,
}: {
  opened: boolean
  onClose: () => void
  /** The Rucio dataset's slug. */
  dataset: string
  datasetName?: string
  target: StageTarget
  /** Number of DIDs to stage. */
  count: number
  /** Their total size (null when unknown). */
  bytes: number | null
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Stage to a destination" size="lg" centered data-testid="stage-dialog">
      {opened && (
        <StageForm dataset={dataset} datasetName={datasetName} target={target} count={count} bytes={bytes} onClose={onClose} />
      )}
    </Modal>
  )
}

function StageForm({
  dataset,
  datasetName,
  target,
  count,
  bytes,
  onClose,
}: {
  dataset: string
  datasetName?: string
  target: StageTarget
  count: number
  bytes: number | null
  onClose: () => void
}) {
  const session = useSession()
  const location = useLocation()
  const navigate = useNavigate()
  const destinations = useDestinations(dataset)
  const profile = useProfile(Boolean(session.data?.authenticated))
  const create = useCreateStaging()
  const [pickedDestination, setDestination] = useState<string | null>(null)
  const [typedLifetime, setLifetime] = useState<number | string | null>(null)
  const [name, setName] = useState('')

  const data = destinations.data
  const options = useMemo(
    () => (data?.destinations ?? []).map((d) => ({ value: d.key, label: destinationLabel(d) })),
    [data],
  )
  // Defaults once the destinations are known: the only destination, or the profile's default
  // staging destination (a destination key or RSE expression); the dataset's lifetime.
  const preferred = profile.data?.default_staging_destination
  const fallback =
    data?.destinations.length === 1
      ? data.destinations[0].key
      : (data?.destinations.find((d) => preferred && (d.key === preferred || d.rse_expression === preferred))?.key ?? null)
  const destination = pickedDestination ?? fallback
  const lifetime = typedLifetime ?? data?.default_lifetime_days ?? ''

  const anonymous = session.data && !session.data.authenticated
  const max = data?.max_lifetime_days
  const lifetimeValue = typeof lifetime === 'number' ? lifetime : Number(lifetime)
  const lifetimeError =
    lifetime !== '' && (!Number.isInteger(lifetimeValue) || lifetimeValue < 1 || (max !== undefined && lifetimeValue > max))
      ? `Between 1 and ${max ?? '…'} days.`
      : undefined
  const chosen = data?.destinations.find((d) => d.key === destination)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!destination || lifetimeError) return
    create.mutate(
      {
        dataset,
        destination,
        ...(lifetime !== '' ? { lifetime_days: lifetimeValue } : {}),
        ...('dids' in target ? { dids: target.dids } : { basket_items: target.basketItems }),
        ...(name.trim() ? { name: name.trim() } : {}),
      },
      { onSuccess: (request) => void navigate(stagingPath(request.id)) },
    )
  }

  return (
    <form onSubmit={submit} noValidate data-testid="stage-form">
      <Stack gap="md">
        <Text size="sm" data-testid="stage-summary">
          {count} DID{count === 1 ? '' : 's'}
          {bytes !== null ? `, ${formatBytes(bytes)} in total` : ''}
          {datasetName ? ` from ${datasetName}` : ''}
        </Text>
        {anonymous && (
          <Alert color="blue" variant="light" data-testid="stage-sign-in">
            Staging needs an account:{' '}
            <Anchor component={Link} to={loginPath(location)} size="sm">
              sign in
            </Anchor>{' '}
            first.
          </Alert>
        )}
        {destinations.isPending && <LoadingBlock label="Loading destinations…" testId="stage-destinations-loading" />}
        {destinations.error && !data && (
          <ErrorAlert error={destinations.error} title="Could not load the destinations" onRetry={() => void destinations.refetch()} />
        )}
        {data && data.destinations.length === 0 && (
          <Alert color="yellow" variant="light" data-testid="stage-no-destinations">
            This data lake has no staging destinations configured.
          </Alert>
        )}
        {data && data.destinations.length > 0 && (
          <>
            <Select
              label="Destination"
              placeholder="Where the data should be copied"
              data={options}
              value={destination}
              onChange={setDestination}
              allowDeselect={false}
              required
              data-testid="stage-destination"
              comboboxProps={{ withinPortal: true }}
              description={chosen ? `Rucio rule on ${chosen.rse_expression}` : undefined}
            />
            <NumberInput
              label="Lifetime (days)"
              description={`How long the copies are kept (at most ${data.max_lifetime_days} days).`}
              min={1}
              max={data.max_lifetime_days}
              allowDecimal={false}
              value={lifetime}
              onChange={setLifetime}
              error={lifetimeError}
              w={200}
              data-testid="stage-lifetime"
            />
            <TextInput
              label="Name"
              description="Optional, to find the request again."
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              maxLength={200}
              data-testid="stage-name"
            />
          </>
        )}
        {create.error ? (
          <div>
            <ErrorAlert error={create.error} title="Staging was refused" testId="stage-error" />
            {rucioException(create.error) && (
              <Text size="xs" c="dimmed" mt={4} data-testid="stage-error-rucio">
                Rucio: {rucioException(create.error)}
              </Text>
            )}
          </div>
        ) : null}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} data-testid="stage-cancel">
            Cancel
          </Button>
          <Button
            type="submit"
            loading={create.isPending}
            disabled={!destination || Boolean(lifetimeError) || count === 0 || Boolean(anonymous)}
            data-testid="stage-submit"
          >
            Stage
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
