import { Alert, Anchor, Button, Card, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { useRef, type FormEvent } from 'react'
import { Link, useLocation } from 'react-router'
import { ApiError, errorMessage } from '../../api/client'
import { useSession } from '../../api/hooks'
import { ConfirmButton } from '../../components/ConfirmButton'
import { useNotify } from '../../components/notify'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import { formatDateTime } from '../../lib/format'
import { loginPath } from '../auth/api'
import { useAccount, useConnectAccount, useDisconnectAccount } from './api'

/**
 * The signed-in user's Zooniverse account on one Panoptes dataset: connect (login + password,
 * exchanged once by the backend for a token), status, disconnect. Anonymous visitors get a
 * sign-in hint. The password is read from the form on submit and the form is cleared at once:
 * it never lives in React state.
 */
export function AccountPanel({ dataset, compact = false }: { dataset: string; compact?: boolean }) {
  const session = useSession()
  const location = useLocation()
  if (session.isPending) return null
  if (!session.data?.authenticated) {
    return (
      <Text size="sm" c="dimmed" data-testid="zooniverse-account-sign-in">
        <Anchor component={Link} to={loginPath(location)} size="sm">
          Sign in
        </Anchor>{' '}
        to connect your Zooniverse account and export classifications of your own projects.
      </Text>
    )
  }
  return <Account dataset={dataset} user={session.data.user?.username ?? ''} compact={compact} />
}

function Account({ dataset, user, compact }: { dataset: string; user: string; compact: boolean }) {
  const account = useAccount(dataset, user)
  const disconnect = useDisconnectAccount(dataset)
  const notify = useNotify()

  if (account.isPending) return <LoadingBlock label="Loading your Zooniverse account…" testId="zooniverse-account-loading" />
  if (account.error && !account.data) {
    return <ErrorAlert error={account.error} title="Could not load your Zooniverse account" onRetry={() => void account.refetch()} />
  }
  const data = account.data
  if (!data) return null

  return (
    <Card withBorder padding="sm" data-testid="zooniverse-account" data-connected={data.connected}>
      {data.connected ? (
        <Group justify="space-between" wrap="wrap" gap="xs">
          <div>
            <Text size="sm" data-testid="zooniverse-account-status">
              Zooniverse account: <b>{data.login}</b>
            </Text>
            {data.expires_at && (
              <Text size="xs" c="dimmed">
                signed in until {formatDateTime(data.expires_at)}
              </Text>
            )}
          </div>
          <ConfirmButton
            size="compact-sm"
            variant="subtle"
            color="red"
            title="Disconnect your Zooniverse account?"
            message="ESAP forgets its Zooniverse token: exports of your projects need you to connect again. Your export records stay."
            confirmLabel="Disconnect"
            loading={disconnect.isPending}
            onConfirm={() =>
              disconnect.mutate(undefined, {
                onSuccess: () => notify({ message: 'Zooniverse account disconnected.', color: 'gray', testId: 'zooniverse-disconnected' }),
                onError: (error) => notify({ title: 'Could not disconnect', message: errorMessage(error), color: 'red' }),
              })
            }
            testId="zooniverse-disconnect"
          >
            Disconnect
          </ConfirmButton>
        </Group>
      ) : (
        <ConnectForm dataset={dataset} compact={compact} />
      )}
    </Card>
  )
}

function ConnectForm({ dataset, compact }: { dataset: string; compact: boolean }) {
  const connect = useConnectAccount(dataset)
  const notify = useNotify()
  const form = useRef<HTMLFormElement>(null)

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const element = event.currentTarget
    const data = new FormData(element)
    const login = String(data.get('login') ?? '').trim()
    const password = String(data.get('password') ?? '')
    // The password leaves the page now: clear the field whatever the outcome.
    const field = element.elements.namedItem('password')
    if (field instanceof HTMLInputElement) field.value = ''
    if (!login || !password) return
    connect.mutate(
      { login, password },
      {
        onSuccess: (account) => {
          form.current?.reset()
          notify({ message: `Connected to Zooniverse as ${account.login ?? login}.`, color: 'green', testId: 'zooniverse-connected' })
        },
      },
    )
  }

  const refused = connect.error instanceof ApiError && connect.error.code === 'zooniverse_login_failed'
  return (
    <form ref={form} onSubmit={submit} data-testid="zooniverse-connect-form" autoComplete="off">
      <Stack gap="xs">
        {compact ? (
          <Text size="sm" c="dimmed">
            Own or collaborate on this project? Connect your Zooniverse account to export its classifications (the password
            is only passed on to Zooniverse, never stored).
          </Text>
        ) : (
          <Text size="sm">
            Connect your Zooniverse account to export classifications of the projects you own or collaborate on. The
            password is sent once to Zooniverse for a token and is not stored.
          </Text>
        )}
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput name="login" label="Zooniverse login" size="xs" required autoComplete="username" data-testid="zooniverse-login" />
          <PasswordInput name="password" label="Password" size="xs" required autoComplete="current-password" data-testid="zooniverse-password" />
          <Button type="submit" size="xs" loading={connect.isPending} data-testid="zooniverse-connect">
            Connect
          </Button>
        </Group>
        {connect.error ? (
          refused ? (
            <Alert color="red" variant="light" p="xs" data-testid="zooniverse-login-failed">
              Zooniverse refused the login or password.
            </Alert>
          ) : (
            <ErrorAlert error={connect.error} title="Could not connect the account" testId="zooniverse-connect-error" />
          )
        ) : null}
      </Stack>
    </form>
  )
}
