// The sample treaty seeded on first start, so a new instance does not open on an empty list.
// The wording is our own; the facts follow the instruments it cites.
import type { Node } from 'prosemirror-model'
import {
  annex, article, conclusion, doc, finalProvisions, heading, note, paragraph, param, part, preamble, prose,
  recital, signature, subparagraph, term, title, xref,
} from './build.js'

/** Parameter values the sample treaty starts with; `entry_into_force_count` is left for drafters to fill. */
export const SAMPLE_PARAMETERS: Record<string, string> = {
  depositary: 'the Secretary-General of the United Nations',
  place: 'Geneva',
}

/** A short model treaty on the safety of peace negotiations. */
export function sampleTreaty(): Node {
  return doc(
    title('Model Treaty on the Protection and Facilitation of Peace Negotiations'),
    preamble(
      recital('The States Parties to this Treaty,'),
      recital('Recalling the obligation of States under Article 33 of the Charter of the United Nations to seek a solution to any dispute likely to endanger international peace and security by negotiation, mediation and other peaceful means,'),
      recital('Noting that Article 6, paragraph 5, of Protocol II Additional to the Geneva Conventions of 1949 asks the authorities in power to endeavour, at the end of hostilities, to grant the broadest possible amnesty to those who took part in the conflict,'),
      recital('Aware that those who open or facilitate talks in good faith with armed or organized criminal groups often face legal uncertainty, prosecution and threats to their safety,'),
      recital('Have agreed as follows:'),
    ),
    part({ id: 'part-general' },
      heading('General provisions'),
      article({ id: 'art-purpose' },
        heading('Purpose'),
        paragraph({ id: 'para-purpose-1' }, 'The purpose of this Treaty is to make negotiation a safer and more attractive means of preventing and ending armed conflict and other situations of violence.'),
      ),
      article({ id: 'art-terms' },
        heading('Use of terms'),
        paragraph({ id: 'para-terms-1' },
          'For the purposes of this Treaty:',
          subparagraph({ id: 'sub-terms-a' }, term('facilitator', 'facilitator', true), ' means a person or body that, with the authorisation of a State Party, helps the parties to a negotiation to communicate or reach agreement;'),
          subparagraph({ id: 'sub-terms-b' }, term('organized-criminal-group', 'organized criminal group', true), ' has the meaning given in Article 2(a) of the United Nations Convention against Transnational Organized Crime;'),
          subparagraph({ id: 'sub-terms-c' }, term('authorised-talks', 'authorised talks', true), ' means negotiations that a State Party has authorised in writing under ', xref('art-authorisation'), '.'),
        ),
      ),
    ),
    part({ id: 'part-protection' },
      heading('Protection of negotiators and facilitators'),
      article({ id: 'art-authorisation' },
        heading('Authorisation of talks'),
        paragraph({ id: 'para-auth-1' }, 'A State Party may authorise talks with an armed group or an organized criminal group by a written decision of its competent authority.'),
        paragraph({ id: 'para-auth-2' }, 'The decision shall name the ', term('facilitator', 'facilitators'), ', state the purpose of the talks and set their duration.'),
      ),
      article({ id: 'art-legal-safety' },
        heading('Legal safety of participants'),
        paragraph({ id: 'para-safety-1' }, 'No person shall be prosecuted or punished for having participated in good faith in ', term('authorised-talks', 'authorised talks'), ' within the scope of the authorisation given under ', xref('para-auth-1'), '.'),
        paragraph({ id: 'para-safety-2' }, 'Paragraph 1 does not apply to conduct that constitutes genocide, a crime against humanity or a war crime.'),
        note('Check the interplay with the complementarity rule of Article 17 of the Rome Statute before the next reading.'),
      ),
      article({ id: 'art-safe-conduct' },
        heading('Safe conduct'),
        paragraph({ id: 'para-conduct-1' }, 'Each State Party shall grant safe conduct to the representatives of the parties and to facilitators travelling to, attending and returning from authorised talks, while they last and until thirty days after they end.'),
      ),
    ),
    finalProvisions({ id: 'fin-provisions' },
      heading('Final provisions'),
      article({ id: 'art-depositary' },
        heading('Depositary'),
        paragraph({ id: 'para-dep-1' }, 'The depositary of this Treaty shall be ', param('depositary'), '.'),
      ),
      article({ id: 'art-entry-into-force' },
        heading('Entry into force'),
        paragraph({ id: 'para-eif-1' }, 'This Treaty shall enter into force on the thirtieth day after the deposit of the ', param('entry_into_force_count'), ' instrument of ratification, acceptance, approval or accession.'),
      ),
    ),
    conclusion(
      prose('IN WITNESS WHEREOF the undersigned, being duly authorised thereto, have signed this Treaty.'),
      prose('DONE at ', param('place'), ' on ', param('date'), ', in a single original.'),
      signature({ id: 'sig-1' }, prose('For the State of …'), prose('(signature)')),
    ),
    annex({ id: 'annex-certification' },
      heading('Model certificate of authorised talks'),
      paragraph({ id: 'para-annex-1' }, 'The competent authority certifies that the talks described below are authorised under ', xref('art-authorisation'), '.'),
    ),
  )
}

/** The content of a newly created document: its title, a preamble and one empty article. */
export function newTreaty(titleText: string): Node {
  return doc(
    title(titleText),
    preamble(recital('')),
    article(heading(''), paragraph('')),
  )
}
