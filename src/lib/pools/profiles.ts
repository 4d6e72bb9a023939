/**
 * Named pool profiles (`solominer profile add`), kept in <configDir>/profiles.json. A profile is the
 * pool list a `switch pool <profile>` pushes: a primary and an optional fallback, each with its user
 * (worker templates allowed) and password. The file is 0600 because passwords live in it.
 */
import {join} from 'node:path'

import {BITCOIN_NETWORKS, type BitcoinNetworkName} from '../bitcoin/address.js'
import type {AppContext} from '../context.js'
import {SolominerError, invalidInput} from '../errors.js'
import {readJsonDocument, updateJsonDocument} from '../storage/json-document.js'
import {refuseHiddenCharacters} from '../text/sanitize.js'

export interface ProfilePool {
  password: string
  /** Normalised stratum URL. */
  url: string
  user: string
}

export interface PoolProfile {
  fallback: ProfilePool | null
  name: string
  /** The network of the payout addresses in the users (absent in older files: mainnet). */
  network?: BitcoinNetworkName
  pool: ProfilePool
  /** The preset the primary pool came from, if any (decides the solo/pooled address rules). */
  preset: string | null
}

interface ProfilesDocument {
  profiles: PoolProfile[]
  version: 1
}

const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/i

export function profilesPath(ctx: AppContext): string {
  return join(ctx.paths.configDir, 'profiles.json')
}

export function validateProfileName(name: string): string {
  refuseHiddenCharacters(name, 'profile name')
  if (!PROFILE_NAME.test(name)) {
    throw invalidInput(`Invalid profile name "${name}"`, 'Use 1-32 letters, digits, "-" or "_", starting with a letter or digit')
  }
  return name
}

function isProfilePool(value: unknown): value is ProfilePool {
  const pool = value as ProfilePool
  return typeof pool === 'object' && pool !== null && typeof pool.url === 'string' && typeof pool.user === 'string' && typeof pool.password === 'string'
}

function validateDocument(value: unknown): ProfilesDocument {
  const profiles = (value as {profiles?: unknown}).profiles
  if (!Array.isArray(profiles)) throw new Error('"profiles" must be a list')
  for (const profile of profiles as PoolProfile[]) {
    if (typeof profile?.name !== 'string' || !isProfilePool(profile.pool)) throw new Error('every profile needs a name and a pool')
    if (profile.fallback !== null && !isProfilePool(profile.fallback)) throw new Error(`profile "${profile.name}" has an invalid fallback`)
    if (profile.network !== undefined && !(BITCOIN_NETWORKS as readonly string[]).includes(profile.network)) {
      throw new Error(`profile "${profile.name}" has an unknown network "${String(profile.network)}"`)
    }
  }
  return {profiles: profiles as PoolProfile[], version: 1}
}

const noProfiles = (): ProfilesDocument => ({profiles: [], version: 1})

export async function readProfiles(ctx: AppContext): Promise<PoolProfile[]> {
  return (await readJsonDocument(profilesPath(ctx), noProfiles(), validateDocument)).profiles
}

/** Changes the profiles under the file's lock (profiles another process adds meanwhile are kept), sorted by name. */
function updateProfiles<R>(ctx: AppContext, mutate: (profiles: PoolProfile[]) => {profiles: PoolProfile[]; result: R}): Promise<R> {
  return updateJsonDocument(profilesPath(ctx), noProfiles(), validateDocument, (document) => {
    const {profiles, result} = mutate(document.profiles)
    document.profiles = [...profiles].sort((a, b) => a.name.localeCompare(b.name))
    return result
  }, {signal: ctx.signal})
}

function profileNotFound(name: string): SolominerError {
  return new SolominerError('INVALID_INPUT', `No profile named "${name}"`, {
    suggestions: ['See `solominer profile list`, or create it with `solominer profile add`'],
  })
}

/** Adds or replaces (with `replace`) a profile. */
export async function saveProfile(ctx: AppContext, profile: PoolProfile, options: {replace?: boolean} = {}): Promise<void> {
  validateProfileName(profile.name)
  await updateProfiles(ctx, (profiles) => {
    const exists = profiles.some((existing) => existing.name === profile.name)
    if (exists && !options.replace) {
      throw invalidInput(`Profile "${profile.name}" already exists`, `Use --force to replace it, or \`solominer profile remove ${profile.name}\``)
    }
    return {profiles: [...profiles.filter((existing) => existing.name !== profile.name), profile], result: undefined}
  })
}

export async function findProfile(ctx: AppContext, name: string): Promise<PoolProfile> {
  const profile = (await readProfiles(ctx)).find((existing) => existing.name === name)
  if (!profile) throw profileNotFound(name)
  return profile
}

export function removeProfile(ctx: AppContext, name: string): Promise<PoolProfile> {
  return updateProfiles(ctx, (profiles) => {
    const profile = profiles.find((existing) => existing.name === name)
    if (!profile) throw profileNotFound(name)
    return {profiles: profiles.filter((existing) => existing !== profile), result: profile}
  })
}

export interface PublicProfilePool {
  /** A password other than the conventional "x" is set (the password itself is never printed). */
  passwordSet: boolean
  url: string
  user: string
}

/** A profile as printed and returned under --json: passwords are never shown. */
export interface PublicProfile {
  fallback: PublicProfilePool | null
  name: string
  network: BitcoinNetworkName
  pool: PublicProfilePool
  preset: string | null
}

function publicPool(pool: ProfilePool): PublicProfilePool {
  return {passwordSet: pool.password !== '' && pool.password !== 'x', url: pool.url, user: pool.user}
}

export function publicProfile(profile: PoolProfile): PublicProfile {
  return {
    fallback: profile.fallback && publicPool(profile.fallback),
    name: profile.name,
    network: profileNetwork(profile),
    pool: publicPool(profile.pool),
    preset: profile.preset,
  }
}

export function profileNetwork(profile: PoolProfile): BitcoinNetworkName {
  return profile.network ?? 'mainnet'
}
