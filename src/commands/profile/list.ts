import {BaseCommand} from '../../command-helpers/base-command.js'
import {type PublicProfile, publicProfile, readProfiles} from '../../lib/pools/profiles.js'
import {renderProfiles} from '../../ui/render-config.js'

export default class ProfileList extends BaseCommand<typeof ProfileList> {
  static override description = 'Profiles are pool lists for `solominer switch pool <name>`. Passwords are not shown (`passwordSet` says whether one other than "x" is stored).'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static override summary = 'List the saved pool profiles.'

  public async run(): Promise<{profiles: PublicProfile[]}> {
    const profiles = (await readProfiles(this.ctx)).map((profile) => publicProfile(profile))
    this.log(renderProfiles(profiles))
    return {profiles}
  }
}
