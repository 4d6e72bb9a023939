import * as Args from '@oclif/core/args'

import {BaseCommand} from '../../command-helpers/base-command.js'
import {type PublicProfile, publicProfile, removeProfile} from '../../lib/pools/profiles.js'

export default class ProfileRemove extends BaseCommand<typeof ProfileRemove> {
  static override args = {name: Args.string({description: 'Profile name', required: true})}
  static override examples = ['<%= config.bin %> <%= command.id %> braiins']
  static override summary = 'Delete a saved pool profile (devices are not touched).'

  public async run(): Promise<{removed: PublicProfile}> {
    const removed = publicProfile(await removeProfile(this.ctx, this.args.name))
    this.log(`Removed profile ${removed.name}`)
    return {removed}
  }
}
