/**
 * Which of this computer's addresses a phone or laptop on the same LAN can actually reach, for the join
 * URLs and the QR code. `os.networkInterfaces()` also lists loopback, link-local addresses and the
 * virtual bridges of containers, VMs and VPNs; a URL on one of those opens nothing on another device,
 * so it would only confuse the person scanning the code.
 */
import type { NetworkInterfaceInfo } from 'node:os';

/**
 * Interface names that are virtual on every system we ship to: Docker (docker0, br-<id>, veth*),
 * libvirt (virbr*), VMware (vmnet*), VirtualBox (vboxnet*), macOS tunnels (utun*, awdl*, llw*, bridge*
 * for Internet Sharing), Tailscale, ZeroTier (zt*) and WireGuard (wg*). A VPN address is reachable only
 * from inside the VPN, not from a phone on the Wi-Fi, which is who the QR code is for.
 */
export const VIRTUAL_INTERFACE =
  /^(docker\d*|br-|veth|virbr|vmnet|vboxnet|utun|awdl|llw|bridge|tailscale|zt|wg|tun|tap|lo\d*$)/i;

export interface LanAddress {
  interfaceName: string;
  address: string;
}

function isLinkLocalV4(address: string): boolean {
  return address.startsWith('169.254.');
}

/**
 * IPv4 addresses of physical-looking interfaces, in the order the OS lists them. IPv6 is left out: a
 * phone on the LAN always has IPv4, and a global v6 URL in brackets is harder to read aloud or type.
 */
export function lanAddresses(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> | Record<string, NetworkInterfaceInfo[] | undefined>,
): LanAddress[] {
  const found: LanAddress[] = [];
  for (const [interfaceName, infos] of Object.entries(interfaces)) {
    if (!infos || VIRTUAL_INTERFACE.test(interfaceName)) continue;
    for (const info of infos) {
      if (info.family !== 'IPv4' || info.internal || isLinkLocalV4(info.address)) continue;
      found.push({ interfaceName, address: info.address });
    }
  }
  return found;
}

/** The URL a guest opens: the server serves the web client at its root. */
export function joinUrl(address: string, port: number, scheme: 'http' | 'https' = 'http'): string {
  return `${scheme}://${address}:${port}/`;
}
