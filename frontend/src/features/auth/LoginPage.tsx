import { Alert, Button, Card, Divider, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core'
import { useEffect, useState, type FormEvent } from 'react'
import { Navigate, useSearchParams } from 'react-router'
import type { LoginMethod } from '../../api/types'
import { ApiError, errorMessage } from '../../api/client'
import { useSession } from '../../api/hooks'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import { oidcUrl, safeNext, useLogin } from './api'

/** A countdown in seconds: `start(n)` sets it, then it ticks down to 0 every second. */
function useCountdown(): [number, (seconds: number) => void] {
  const [left, setLeft] = useState(0)
  const running = left > 0
  useEffect(() => {
    if (!running) return undefined
    const timer = setInterval(() => setLeft((n) => Math.max(0, n - 1)), 1000)
    return () => clearInterval(timer)
  }, [running])
  return [left, setLeft]
}

export function LoginPage() {
  const [params] = useSearchParams()
  const next = safeNext(params.get('next'))
  const session = useSession()

  if (session.isPending) return <LoadingBlock label="Loading…" />
  if (session.data?.authenticated) return <Navigate to={next} replace />

  // Without the session (server trouble), still offer the local form.
  const methods: LoginMethod[] = session.data?.login_methods ?? [{ type: 'local' }]
  const local = methods.some((m) => m.type === 'local')
  const oidc = methods.filter((m): m is Extract<LoginMethod, { type: 'oidc' }> => m.type === 'oidc')

  return (
    <Stack align="center" py="xl">
      <Card withBorder padding="lg" w="min(420px, 100%)" data-testid="login-page">
        <Stack gap="md">
          <div>
            <Title order={2} size="h3">
              Sign in
            </Title>
            <Text size="sm" c="dimmed">
              Your basket and search history are kept with your account. Anything in this browser&apos;s
              basket is added to it when you sign in.
            </Text>
          </div>
          {session.error ? <ErrorAlert error={session.error} title="Could not load the login options" /> : null}
          {oidc.map((method) => (
            <Button
              key={method.url}
              component="a"
              href={oidcUrl(method.url, next)}
              variant="filled"
              size="md"
              data-testid="login-oidc"
            >
              Sign in with {method.label}
            </Button>
          ))}
          {oidc.length > 0 && local && <Divider label="or with a local account" labelPosition="center" />}
          {local && <LocalLoginForm />}
        </Stack>
      </Card>
    </Stack>
  )
}

function LocalLoginForm() {
  const login = useLogin()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({})
  const [wait, startWait] = useCountdown()

  const error = login.error
  const throttled = error instanceof ApiError && error.status === 429
  const fieldError = (name: string) =>
    error instanceof ApiError && error.status === 400 && error.field === name ? error.message : undefined

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const empty = { username: !username.trim(), password: !password }
    setMissing(empty)
    if (empty.username || empty.password) return
    login.mutate(
      { username: username.trim(), password },
      {
        onError: (e) => {
          if (e instanceof ApiError && e.status === 429) {
            startWait(e.retryAfter ?? 0)
          }
          setPassword('')
        },
      },
    )
  }

  return (
    <form onSubmit={submit} noValidate data-testid="login-form">
      <Stack gap="sm">
        <TextInput
          label="Username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
          error={missing.username ? 'Enter your username.' : fieldError('username')}
          data-testid="login-username"
          autoFocus
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={missing.password ? 'Enter your password.' : fieldError('password')}
          data-testid="login-password"
        />
        {error && !fieldError('username') && !fieldError('password') ? (
          <Alert color={throttled ? 'orange' : 'red'} variant="light" role="alert" data-testid="login-error">
            {throttled
              ? error instanceof ApiError && error.retryAfter !== undefined
                ? wait > 0
                  ? `Too many attempts, try again in ${wait} s.`
                  : 'You can try again now.'
                : 'Too many attempts, try again later.'
              : errorMessage(error)}
          </Alert>
        ) : null}
        <Button type="submit" loading={login.isPending} disabled={throttled && wait > 0} data-testid="login-submit">
          Sign in
        </Button>
      </Stack>
    </form>
  )
}
