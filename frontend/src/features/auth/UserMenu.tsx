import { Badge, Button, Group, Menu, Text, UnstyledButton } from '@mantine/core'
import { Link, useLocation, useNavigate } from 'react-router'
import { useSession } from '../../api/hooks'
import { useNotify } from '../../components/notify'
import { errorMessage } from '../../api/client'
import { loginPath, useLogout } from './api'
import classes from './UserMenu.module.css'

/** Header: the basket with its count, and "Sign in" or the user's menu (Profile, History, Sign out). */
export function UserMenu() {
  const session = useSession()
  const location = useLocation()
  const navigate = useNavigate()
  const logout = useLogout()
  const notify = useNotify()
  const data = session.data
  const user = data?.authenticated ? data.user : null
  const count = data?.basket_count ?? 0

  const signOut = () =>
    logout.mutate(undefined, {
      onSuccess: (endSessionUrl) => {
        // After an identity-provider sign-in, end the provider's session too.
        if (endSessionUrl) {
          window.location.assign(endSessionUrl)
          return
        }
        notify({ message: 'You are signed out.', color: 'gray', testId: 'signed-out' })
        if (location.pathname.startsWith('/profile')) void navigate('/')
      },
      onError: (error) => notify({ title: 'Could not sign out', message: errorMessage(error), color: 'red' }),
    })

  return (
    <Group gap="xs" wrap="nowrap">
      <UnstyledButton
        component={Link}
        to="/basket"
        className={classes.link}
        data-active={location.pathname.startsWith('/basket') || undefined}
        data-testid="nav-basket"
        aria-label={`Basket, ${count} item${count === 1 ? '' : 's'}`}
      >
        <BasketIcon />
        <Text span size="sm" c="inherit" visibleFrom="xs">
          Basket
        </Text>
        <Badge size="sm" circle={count < 10} color={count ? 'yellow' : 'gray'} variant="filled" data-testid="basket-count">
          {count}
        </Badge>
      </UnstyledButton>
      {user ? (
        <Menu position="bottom-end" withinPortal shadow="md" width={200}>
          <Menu.Target>
            <UnstyledButton className={classes.link} data-testid="user-menu" aria-label={`Account menu of ${user.name || user.username}`}>
              <Text span size="sm" c="inherit" maw={180} truncate="end" data-testid="user-name">
                {user.name || user.username}
              </Text>
              <span aria-hidden>▾</span>
            </UnstyledButton>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>
              {user.username}
              {user.identity_provider && user.identity_provider !== 'local' ? ` · ${user.identity_provider}` : ''}
            </Menu.Label>
            <Menu.Item component={Link} to="/profile" data-testid="menu-profile">
              Profile &amp; API tokens
            </Menu.Item>
            <Menu.Item component={Link} to="/history" data-testid="menu-history">
              Search history
            </Menu.Item>
            <Menu.Divider />
            <Menu.Item onClick={signOut} color="red" data-testid="menu-signout" disabled={logout.isPending}>
              Sign out
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      ) : location.pathname !== '/login' && !session.isPending ? (
        <Button component={Link} to={loginPath(location)} size="compact-sm" variant="white" data-testid="sign-in">
          Sign in
        </Button>
      ) : null}
    </Group>
  )
}

function BasketIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <path d="M5 10h14l-1.5 9a2 2 0 0 1-2 1.7h-7a2 2 0 0 1-2-1.7z" />
      <path d="M9 10l3-6 3 6" />
      <path d="M10 14v3M14 14v3" />
    </svg>
  )
}
