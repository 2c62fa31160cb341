import { Badge, Button, Card, Code, Group, Stack, Table, Text, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { errorMessage } from '../../api/client'
import { ConfirmButton } from '../../components/ConfirmButton'
import { useNotify } from '../../components/notify'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import { formatDateTime } from '../../lib/format'
import { useRevokeToken, useTokens } from './api'
import { CreateTokenDialog } from './CreateTokenDialog'
import { pythonSnippet, SCOPE_LABEL, tokenState } from './tokens'

export function TokensSection() {
  const tokens = useTokens()
  const revoke = useRevokeToken()
  const notify = useNotify()
  const [dialogOpened, dialog] = useDisclosure(false)
  const list = tokens.data ?? []

  return (
    <Card withBorder padding="md" data-testid="tokens-section">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <div>
            <Title order={3} size="h4">
              API tokens
            </Title>
            <Text size="sm" c="dimmed">
              Personal tokens let scripts and notebooks use the ESAP API as you.
            </Text>
          </div>
          <Button onClick={dialog.open} data-testid="token-create">
            Create token
          </Button>
        </Group>
        {tokens.isPending && <LoadingBlock label="Loading tokens…" />}
        {tokens.error && !tokens.data && (
          <ErrorAlert error={tokens.error} title="Could not load your tokens" onRetry={() => void tokens.refetch()} />
        )}
        {tokens.data && list.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="tokens-empty">
            You have no API tokens.
          </Text>
        )}
        {list.length > 0 && (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing={6} striped data-testid="tokens-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Scope</Table.Th>
                  <Table.Th>Token</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((token) => {
                  const state = tokenState(token)
                  return (
                    <Table.Tr key={token.id} data-testid="token-row" data-token-name={token.name} data-state={state.label}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {token.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={token.scope === 'read' ? 'blue' : 'grape'}>
                          {SCOPE_LABEL[token.scope] ?? token.scope}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Code data-testid="token-prefix">{token.prefix}…</Code>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{formatDateTime(token.created)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{token.expires_at ? formatDateTime(token.expires_at) : 'never'}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" c={token.last_used_at ? undefined : 'dimmed'}>
                          {token.last_used_at ? formatDateTime(token.last_used_at) : 'never'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {state.label === 'active' ? (
                          <ConfirmButton
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            loading={revoke.isPending && revoke.variables === token.id}
                            title={`Revoke “${token.name}”?`}
                            message="Scripts using this token stop working at once. This cannot be undone."
                            confirmLabel="Revoke"
                            onConfirm={() =>
                              revoke.mutate(token.id, {
                                onSuccess: () => notify({ message: `Token “${token.name}” revoked.`, color: 'gray', testId: 'token-revoked' }),
                                onError: (error) => notify({ title: 'Could not revoke the token', message: errorMessage(error), color: 'red' }),
                              })
                            }
                            testId="token-revoke"
                          >
                            Revoke
                          </ConfirmButton>
                        ) : (
                          <Badge size="sm" variant="outline" color={state.color} data-testid="token-state">
                            {state.label}
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  )
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <div>
          <Text size="sm" fw={500} mb={4}>
            Use it from Python
          </Text>
          <Code block data-testid="token-python-snippet" style={{ whiteSpace: 'pre', overflowX: 'auto' }}>
            {pythonSnippet(window.location.origin)}
          </Code>
        </div>
      </Stack>
      <CreateTokenDialog opened={dialogOpened} onClose={dialog.close} />
    </Card>
  )
}
