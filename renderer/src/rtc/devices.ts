/**
 * The microphones, cameras and speakers the system offers, grouped for pickers. Labels are empty until
 * the page has been granted a device, so each gets a readable fallback name.
 */
export type DeviceKind = 'audioinput' | 'videoinput' | 'audiooutput';

export interface DeviceOption {
  deviceId: string;
  label: string;
}

export type DeviceLists = Record<DeviceKind, DeviceOption[]>;

const FALLBACK: Record<DeviceKind, string> = {
  audioinput: 'Microphone',
  videoinput: 'Camera',
  audiooutput: 'Speaker',
};

export function emptyDeviceLists(): DeviceLists {
  return { audioinput: [], videoinput: [], audiooutput: [] };
}

/** Groups `enumerateDevices()` output; duplicates (the "default" and "communications" aliases) stay. */
export function groupDevices(
  devices: readonly Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>[],
): DeviceLists {
  const lists = emptyDeviceLists();
  for (const device of devices) {
    if (!(device.kind in lists) || !device.deviceId) continue;
    const list = lists[device.kind];
    list.push({
      deviceId: device.deviceId,
      label: device.label || `${FALLBACK[device.kind]} ${list.length + 1}`,
    });
  }
  return lists;
}
