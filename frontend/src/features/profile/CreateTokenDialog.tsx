import { Alert, Button, Code, CopyButton, Group, Modal, NumberInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import type { TokenScope } from '../../api/types'
import { ApiError, errorMessage } from '../../api/client'
import { useCreateToken } from './api'
import { SCOPE_LABEL } from './tokens'

/**
 * Create a personal API token. After creation the secret is shown once, with a copy button; closing
 * the dialog forgets it (the mutation is reset, so it is kept nowhere in the app).
 */
export function CreateTokenDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateToken()
  const [name, setName] = useState('')
  const [scope, setScope] = useState<TokenScope>('read')
  const [days, setDays] = useState<number | string>(90)
  const [nameMissing, setNameMissing] = useState(false)

  const secret = create.data?.token

  const close = () => {
    create.reset()
    setName('')
    setScope('read')
    setDays(90)
    setNameMissing(false)
    onClose()
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!name.trim()) {
      setNameMissing(true)
      return
    }
    const expires = typeof days === 'number' ? days : Number(days)
    create.mutate({
      name: name.trim(),
      scope,
      expires_in_days: Number.isFinite(expires) && expires >= 1 ? Math.min(365, Math.round(expires)) : 90,
    })
  }

  const error = create.error
  const fieldError = (field: string) => (error instanceof ApiError && error.field === field ? error.message : undefined)

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={secret ? 'Your new API token' : 'Create an API token'}
      centered
      size="lg"
      closeOnClickOutside={!secret}
      data-testid="token-dialog"
    >
      {secret ? (
        <Stack gap="md" data-testid="token-created">
          <Alert color="orange" variant="light" title="Copy it now" data-testid="token-once-warning">
            This is the only time the token is shown: ESAP keeps only a hash of it. If you lose it, revoke it and
            create a new one.
          </Alert>
          <Group gap="xs" wrap="nowrap" align="stretch">
            <Code block style={{ flex: 1, wordBreak: 'break-all', fontSize: 14 }} data-testid="token-secret">
              {secret}
            </Code>
            <CopyButton value={secret}>
              {({ copied, copy }) => (
                <Button onClick={copy} color={copied ? 'teal' : 'indigo'} variant="light" data-testid="token-copy">
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="sm" c="dimmed">
            Send it as <Code>Authorization: Bearer &lt;token&gt;</Code>. Scope: {SCOPE_LABEL[create.data!.scope] ?? create.data!.scope}
            {create.data!.expires_at ? `; expires ${new Date(create.data!.expires_at).toLocaleDateString()}` : ''}.
          </Text>
          <Group justify="flex-end">
            <Button onClick={close} data-testid="token-done">
              Done, I have copied it
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate data-testid="token-form">
          <Stack gap="sm">
            <TextInput
              label="Name"
              description="What it is for, e.g. “notebook on my laptop”."
              value={name}
              onChange={(e) => {
                setName(e.currentTarget.value)
                setNameMissing(false)
              }}
              maxLength={100}
              error={nameMissing ? 'Give the token a name.' : fieldError('name')}
              data-testid="token-name"
              data-autofocus
            />
            <div>
              <Text size="sm" fw={500} mb={4}>
                Scope
              </Text>
              <SegmentedControl
                value={scope}
                onChange={(value) => setScope(value as TokenScope)}
                data={[
                  { value: 'read', label: 'Read only' },
                  { value: 'read-write', label: 'Read & write' },
                ]}
                data-testid="token-scope"
              />
              <Text size="xs" c="dimmed" mt={4}>
                A read-only token can search and download, but not change your basket or history.
              </Text>
            </div>
            <NumberInput
              label="Expires after (days)"
              min={1}
              max={365}
              clampBehavior="strict"
              allowDecimal={false}
              value={days}
              onChange={setDays}
              w={200}
              error={fieldError('expires_in_days')}
              data-testid="token-expiry"
            />
            {error && !fieldError('name') && !fieldError('expires_in_days') ? (
              <Alert color="red" variant="light" role="alert" data-testid="token-error">
                {errorMessage(error)}
              </Alert>
            ) : null}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} data-testid="token-create-submit">
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  )
}
