import { Anchor, AppShell, Burger, Group, NavLink as MantineNavLink, Text, UnstyledButton } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { Suspense } from 'react'
import { Link, Outlet, useLocation } from 'react-router'
import { LoadingBlock } from '../components/QueryState'
import { useSession } from '../api/hooks'
import { UserMenu } from '../features/auth/UserMenu'
import { isActive, visibleNavItems } from './navigation'
import classes from './Layout.module.css'

export function Layout() {
  const [opened, { toggle, close }] = useDisclosure(false)
  const { pathname } = useLocation()
  const session = useSession()
  const navItems = visibleNavItems(Boolean(session.data?.authenticated))

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { desktop: true, mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header className={classes.header}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" color="white" aria-label="Toggle navigation" />
            <UnstyledButton component={Link} to="/" className={classes.brand} data-testid="brand">
              <img src="/favicon.svg" alt="" width={28} height={28} />
              <Text fw={700} c="white" size="lg">
                ESAP
              </Text>
              <Text c="gray.4" size="sm" visibleFrom="md">
                ESCAPE Science Analysis Platform
              </Text>
            </UnstyledButton>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Group gap={4} visibleFrom="sm" component="nav" aria-label="Main">
              {navItems.map((item) =>
                item.external ? (
                  <Anchor key={item.to} href={item.to} className={classes.link} data-testid={item.testId}>
                    {item.label}
                  </Anchor>
                ) : (
                  <Link
                    key={item.to}
                    to={item.to}
                    className={classes.link}
                    data-active={isActive(item, pathname) || undefined}
                    aria-current={isActive(item, pathname) ? 'page' : undefined}
                    data-testid={item.testId}
                  >
                    {item.label}
                  </Link>
                ),
              )}
            </Group>
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main (mobile)">
        {navItems.map((item) =>
          item.external ? (
            <MantineNavLink key={item.to} href={item.to} label={item.label} component="a" />
          ) : (
            <MantineNavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              active={isActive(item, pathname)}
              onClick={close}
            />
          ),
        )}
        <MantineNavLink component={Link} to="/basket" label="Basket" active={pathname.startsWith('/basket')} onClick={close} />
        <MantineNavLink component={Link} to="/profile" label="Profile & API tokens" active={pathname.startsWith('/profile')} onClick={close} />
      </AppShell.Navbar>

      <AppShell.Main>
        <Suspense fallback={<LoadingBlock />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  )
}
