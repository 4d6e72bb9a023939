/**
 * serve's persisted state, `<state dir>/serve-state.json`: the recent event log, what it remembers of
 * each device (so an occurrence is reported once, also across a restart of serve) and the device
 * counters' offsets (so /metrics counters keep rising across it). Written atomically, under the file's
 * lock (updateJsonDocument), after every poll round that read something.
 */
import {join} from 'node:path'

import {readJsonDocument, updateJsonDocument} from '../storage/json-document.js'
import {type DeviceMemory, type FleetMemory, newFleetMemory} from './detect.js'
import type {ServeEvent} from './events.js'
import type {DeviceCounters} from './fleet-view.js'

export const STATE_FILE = 'serve-state.json'
const STATE_VERSION = 1

export interface ServeState {
  /** Per device key (fleet-view deviceKey). */
  counters: Record<string, DeviceCounters>
  devices: Record<string, DeviceMemory>
  events: ServeEvent[]
  /** The fleet's best difficulty and outage. */
  fleet: FleetMemory
  /** Devices announced to Home Assistant (node ids), so the ones not served any more can be removed. */
  mqttNodes: string[]
  version: number
}

export function statePath(stateDir: string): string {
  return join(stateDir, STATE_FILE)
}

export async function readServeState(stateDir: string): Promise<ServeState> {
  return readJsonDocument(statePath(stateDir), emptyState(), validateState)
}

export async function writeServeState(stateDir: string, state: Omit<ServeState, 'version'>): Promise<void> {
  await updateJsonDocument(statePath(stateDir), emptyState(), validateState, (document) => {
    Object.assign(document, state, {version: STATE_VERSION})
  })
}

function emptyState(): ServeState {
  return {counters: {}, devices: {}, events: [], fleet: newFleetMemory(), mqttNodes: [], version: STATE_VERSION}
}

function validateState(value: unknown): ServeState {
  const state = value as Partial<ServeState>
  const isObject = (item: unknown) => typeof item === 'object' && item !== null && !Array.isArray(item)
  if (!Array.isArray(state.events) || !state.events.every((event) => isObject(event) && Number.isInteger(event.seq) && typeof event.id === 'string')) {
    throw new Error('"events" must be a list of events with a seq and an id')
  }
  if (!isObject(state.devices) || !Object.values(state.devices!).every(isObject)) throw new Error('"devices" must map device keys to objects')
  if (!isObject(state.counters) || !Object.values(state.counters!).every(isObject)) throw new Error('"counters" must map device keys to objects')
  if (state.fleet !== undefined && !isObject(state.fleet)) throw new Error('"fleet" must be an object')
  if (state.mqttNodes !== undefined && !(Array.isArray(state.mqttNodes) && state.mqttNodes.every((node) => typeof node === 'string'))) {
    throw new Error('"mqttNodes" must be a list of strings')
  }
  return {...emptyState(), ...state} as ServeState
}
