# Sourced by the provisioning scripts: apt-get serialized across scripts that run in parallel.
# DPkg::Lock::Timeout waits for dpkg's lock only; "apt-get update" gives up at once when another
# script holds /var/lib/apt/lists/lock, so every call here first takes one shared lock.
APT_LOCK=/var/lock/esap-provision-apt.lock

apt_get() {
    flock -w 1200 "$APT_LOCK" apt-get -o DPkg::Lock::Timeout=600 "$@"
}
