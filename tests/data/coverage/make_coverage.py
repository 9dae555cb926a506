"""Write coverage.jsonl: a long-coverage development collection, invented and written in our own words.

Seven topics followed for weeks or months by six invented outlets, two of them sharing places and
institutions with others (a hurricane on the oil-spill coast, an election in the epidemic's country). Each topic is a chain of
events (stories); each event is reported by several outlets over the next days, each outlet with
its own headline and lead, a few details, and background paragraphs that recall earlier events of
the topic (as real follow-ups do). Every person, company, outlet and most places are invented.

    python tests/data/coverage/make_coverage.py   # rewrites coverage.jsonl next to this file

The output is deterministic (fixed seed); the benchmark reads the committed JSONL file.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

OUTLETS = ["Ridgeway Wire", "The Coastal Ledger", "Meridian Daily", "Northfield Post", "Capital Observer",
           "Harbour Times"]
SIGNOFF = {"Ridgeway Wire": "Reporting by the Ridgeway Wire desk.", "Harbour Times": "Additional reporting by staff.",
           "Capital Observer": "", "Meridian Daily": "", "Northfield Post": "", "The Coastal Ledger": ""}

# Each story: (key, event date, number of reports, headlines, leads, details, recap for later background).
# "{when}" in a lead is filled with how that outlet dates the event ("on Tuesday", "on May 14").
TOPICS = {
    "halvard-spill": {
        "background": "The Halvard Deep platform, operated by Castellan Energy, sits about 50 miles off the Louisiana coast in the Gulf of Mexico.",
        "stories": [
            ("explosion", "2024-04-08", 7,
             ["Blast on Halvard Deep rig leaves 11 workers missing", "Fire engulfs Castellan's Halvard Deep platform in the Gulf",
              "Eleven missing after explosion on Gulf of Mexico oil rig"],
             ["An explosion tore through the Halvard Deep drilling platform in the Gulf of Mexico {when}, leaving 11 workers missing and sending a column of fire into the night sky.",
              "Eleven crew members were unaccounted for after a blast {when} on the Halvard Deep rig, which Castellan Energy operates off Louisiana."],
             ["The Coast Guard said 115 people were evacuated by lifeboat and helicopter.", "Rear Admiral Ray Dunmore said search teams were combing an area of 5,000 square miles.",
              "The platform was still burning hours later and officials feared it could sink.", "Castellan Energy said it was cooperating fully and had set up a family centre in Houma."],
             "The crisis began on April 8 when an explosion on the rig killed 11 workers."),
            ("leak-estimate", "2024-04-24", 5,
             ["Halvard leak five times larger than first thought", "Officials raise Gulf spill estimate to 5,000 barrels a day",
              "Spill from sunken rig grows as new leak is found"],
             ["Federal officials said {when} that the well beneath the sunken Halvard Deep rig is leaking about 5,000 barrels of crude a day, five times the company's first estimate.",
              "The oil gushing from the Halvard Deep well is far larger than Castellan Energy had said, the Coast Guard announced {when}, putting the flow at 5,000 barrels a day."],
             ["A third leak was found on the broken riser pipe a mile under the surface.", "The slick now covers about 600 square miles and is drifting toward the Mississippi delta.",
              "Rear Admiral Ray Dunmore called the revised figure a sobering change.", "Robots have so far failed to close the blowout preventer on the sea floor."],
             "In late April officials said the well was leaking 5,000 barrels a day."),
            ("dome", "2024-05-09", 5,
             ["Containment dome fails to stop Gulf oil", "Ice crystals foil Castellan's dome over Halvard leak",
              "Setback as steel box cannot cap the spill"],
             ["Castellan Energy's attempt to lower a 98-ton steel dome over the main leak failed {when} when ice-like crystals clogged its opening.",
              "Engineers had to pull back a giant containment box from the Halvard Deep well {when} after gas hydrates formed inside it."],
             ["The company said it would study a smaller dome and a plan to shoot debris into the blowout preventer.", "Margit Olsen, Castellan's chief executive, said the firm would not give up.",
              "Crews had spent two weeks building the dome in a shipyard in Port Fourchon.", "Oil has begun washing up on the Chandeleur Islands."],
             "A containment dome failed in May when crystals clogged it."),
            ("hearing", "2024-05-14", 6,
             ["Oil executives trade blame at Senate spill hearing", "Senators grill Castellan and rig owner over Gulf disaster",
              "Senate hearing on Halvard spill turns into finger-pointing"],
             ["Executives of Castellan Energy and the rig's owner, Tessaro Drilling, blamed each other {when} before a Senate committee examining the Halvard Deep disaster.",
              "At a Senate hearing {when}, Senator Paula Reyes accused the companies behind the Halvard Deep rig of a ritual of shifting responsibility."],
             ["Tessaro Drilling's president said the blowout preventer had been tested ten days before the blast.", "Senator Paula Reyes said the public wanted answers, not a circle of blame.",
              "Castellan's US head, Dean Whitcombe, said the cement job was the responsibility of a contractor.", "The committee plans a second hearing next month."],
             "In May executives blamed each other at a Senate hearing."),
            ("fishing-ban", "2024-05-28", 5,
             ["Fishing ban widened as Gulf slick spreads", "Shrimpers idle as officials close more Gulf waters",
              "Gulf fishing closure extended to a fifth of federal waters"],
             ["Federal regulators {when} closed another stretch of the Gulf of Mexico to fishing, bringing the ban to about 22 percent of federal waters as oil from the Halvard Deep well spread east.",
              "Shrimpers in Bayou Clement tied up their boats {when} after officials extended the fishing ban around the spreading Halvard slick."],
             ["Louisiana's governor asked for federal disaster aid for fishing communities.", "In Bayou Clement, shrimper Luc Thibodeaux said the season was lost.",
              "Tar balls were reported on beaches in Alabama for the first time.", "Castellan said it had paid 4,000 claims from fishermen so far."],
             "By late May a fifth of federal waters in the Gulf were closed to fishing."),
            ("cap", "2024-07-15", 6,
             ["New cap stops Halvard oil flow after 87 days", "Oil stops gushing into Gulf as cap holds",
              "Castellan says tight cap has halted the leak"],
             ["For the first time in 87 days, no oil is flowing into the Gulf of Mexico from the Halvard Deep well, Castellan Energy said {when} after closing the valves on a new cap.",
              "A 75-ton cap bolted onto the broken Halvard Deep well stopped the flow of oil {when}, in what officials called a hopeful but temporary step."],
             ["Pressure readings inside the cap will be watched for 48 hours.", "Rear Admiral Ray Dunmore warned that the cap is not a permanent solution.",
              "A relief well being drilled alongside is expected to reach the leaking pipe in August.", "Residents of Bayou Clement greeted the news with caution."],
             "In July a new cap stopped the flow after 87 days."),
            ("fund", "2024-08-03", 5,
             ["Castellan sets up $15 billion spill compensation fund", "Independent administrator to run Gulf spill claims",
              "Fund for spill victims opens with $15 billion"],
             ["Castellan Energy agreed {when} to put $15 billion into an independent fund to pay businesses and families hurt by the Halvard Deep spill.",
              "Victims of the Gulf oil spill will be paid from a $15 billion fund run by lawyer Lionel Graves, under a deal announced {when}."],
             ["Lionel Graves said he would pay emergency claims within 48 hours for individuals.", "Margit Olsen said the company would meet every legitimate claim.",
              "Fishermen in Bayou Clement said earlier payments had been slow and small.", "The fund does not cap the company's liability."],
             "A $15 billion compensation fund was created in August."),
        ],
    },
    "kelvaria-cholera": {
        "background": "Kelvaria's health ministry says poor sanitation along the Sella river has left millions at risk.",
        "stories": [
            ("first-cases", "2024-10-03", 5,
             ["Mystery diarrhoea outbreak kills six in Upper Sella", "Dozens in hospital as illness spreads in Kelvaria's north",
              "Six dead in suspected waterborne outbreak"],
             ["Six people have died and 40 are in hospital with acute diarrhoea in Kelvaria's Upper Sella province, health officials said {when}.",
              "An outbreak of severe diarrhoea has killed six people in villages along the Sella river, Kelvaria's health ministry reported {when}."],
             ["Doctors at the district hospital in Marrok said they had run out of rehydration salts.", "Health Minister Ana Sorell said samples had been sent to the national laboratory in Dorren.",
              "Most of the patients had drunk water from the river.", "Villagers said the first cases appeared after heavy rains."],
             "The outbreak began in early October in Upper Sella province."),
            ("confirmed", "2024-10-10", 5,
             ["Kelvaria confirms cholera, declares health emergency", "Tests show cholera behind deadly outbreak",
              "Cholera emergency declared as deaths reach 31"],
             ["Laboratory tests confirmed {when} that cholera is behind the outbreak in Upper Sella, and Kelvaria's government declared a national health emergency as deaths rose to 31.",
              "Kelvaria declared a health emergency {when} after the national laboratory confirmed cholera in samples from Marrok, where 31 people have now died."],
             ["Health Minister Ana Sorell said treatment centres would open in every district of the province.", "The World Health Organization sent a team of epidemiologists.",
              "The government banned public gatherings in Marrok.", "Around 520 cases have been recorded."],
             "Cholera was confirmed in mid-October and an emergency declared."),
            ("capital", "2024-10-28", 5,
             ["Cholera reaches Kelvaria's capital", "First cholera cases found in Dorren slum",
              "Fears grow as outbreak spreads to Dorren"],
             ["Twelve cases of cholera have been confirmed in Dorren, Kelvaria's capital of three million people, officials said {when}, raising fears of a much wider epidemic.",
              "The cholera outbreak has spread to the capital, Dorren, where 12 patients from the crowded Marl Hill district were admitted {when}."],
             ["Ana Sorell urged residents to boil drinking water.", "The city's water utility said it was adding chlorine at its main plant.",
              "Marl Hill has no sewer system and few latrines.", "The national toll rose to 140 deaths."],
             "By late October the disease had reached Dorren."),
            ("vaccine", "2024-11-12", 5,
             ["Half a million cholera vaccine doses arrive in Kelvaria", "Vaccination campaign to start as doses land in Dorren",
              "WHO stockpile sends 500,000 doses to Kelvaria"],
             ["A shipment of 500,000 doses of oral cholera vaccine landed in Dorren {when}, and health workers will begin vaccinating in Upper Sella and Marl Hill next week.",
              "Kelvaria received half a million cholera vaccine doses from a global stockpile {when}, its health ministry said."],
             ["The doses were released by the World Health Organization's emergency group.", "Two doses are needed for full protection, but officials will give one dose first to reach more people.",
              "Ana Sorell said 1,800 health workers had been trained.", "Cases have passed 9,000."],
             "Vaccines arrived in November."),
            ("riots", "2024-11-20", 4,
             ["Crowd burns cholera treatment tents in Kessik", "Violence hits cholera response in Kelvaria",
              "Protesters attack health centre amid rumours over cholera"],
             ["A crowd set fire to a cholera treatment centre in the town of Kessik {when}, accusing health workers of bringing the disease, and two patients died in the chaos.",
              "Rioters burned tents at a cholera clinic in Kessik {when}, forcing aid groups to suspend work in the town."],
             ["Police fired tear gas to disperse about 300 people.", "Aid workers said rumours had spread that the vaccine caused the illness.",
              "Ana Sorell appealed for calm and said the centre would reopen under guard.", "Kessik lies 40 km downstream of Marrok."],
             "In November rioters burned a treatment centre in Kessik."),
            ("toll", "2024-12-16", 5,
             ["Kelvaria cholera deaths pass 1,000", "Cholera toll tops 1,000 as rains return",
              "More than a thousand dead in Kelvaria's cholera epidemic"],
             ["More than 1,000 people have now died of cholera in Kelvaria, the health ministry said {when}, as seasonal rains threatened to spread the disease further.",
              "Kelvaria's cholera epidemic has claimed 1,012 lives, officials said {when}."],
             ["Cases have been recorded in seven of the country's nine provinces.", "The World Health Organization appealed for $40 million.",
              "Ana Sorell said the death rate had fallen below one percent.", "New treatment centres opened in Dorren's Marl Hill district."],
             "Deaths passed 1,000 in December."),
        ],
    },
    "harwick-strike": {
        "background": "Harwick handles about a third of the country's container traffic.",
        "stories": [
            ("walkout", "2025-01-13", 6,
             ["Harwick dockers walk out over pay", "Strike shuts Britain's busiest container port",
              "Two thousand port workers strike at Harwick"],
             ["About 2,000 dock workers at the port of Harwick walked out {when} after rejecting a 9 percent pay offer from Northsea Terminals, halting container traffic.",
              "Cranes fell silent at Harwick {when} as members of the Amalgamated Dock Workers began an open-ended strike over pay."],
             ["Union leader Tom Brannagh said the offer did not keep up with the cost of living.", "Northsea Terminals said its offer was fair and final.",
              "Ships began queuing in the estuary within hours.", "The union wants 15 percent over one year."],
             "The strike began in mid-January when 2,000 workers walked out."),
            ("shortages", "2025-01-24", 4,
             ["Supermarkets warn of gaps on shelves as Harwick strike bites", "Retailers fear shortages from port strike",
              "Harwick stoppage starts to hit shops"],
             ["Supermarket chains warned {when} that shoppers could face gaps on shelves within days as the strike at Harwick held up thousands of containers of fruit and electronics.",
              "Retailers said {when} that the Harwick port stoppage had begun to hurt supplies of fresh produce."],
             ["An estimated 40,000 containers are stuck at sea or on the quays.", "Some shipping lines have diverted vessels to Rotterdam.",
              "Business groups called on the government to step in.", "Tom Brannagh said workers would stay out for as long as it took."],
             "By late January retailers were warning of shortages."),
            ("talks-collapse", "2025-02-04", 5,
             ["Harwick talks collapse after 14 hours", "No deal as port strike talks break down",
              "Union walks out of talks with Northsea Terminals"],
             ["Talks to end the strike at Harwick broke down {when} after 14 hours, with the Amalgamated Dock Workers and Northsea Terminals blaming each other.",
              "Negotiations between the dockers' union and Northsea Terminals collapsed {when} without a new offer on the table."],
             ["Tom Brannagh said the company had not moved an inch.", "Northsea Terminals said the union's demands would make the port uncompetitive.",
              "No new talks have been scheduled.", "Transport Minister Helen Carvey said she was disappointed."],
             "Talks collapsed in early February."),
            ("mediator", "2025-02-18", 4,
             ["Minister appoints mediator to end Harwick dispute", "Dame Ruth Ellery to mediate in port strike",
              "Government steps in to broker port deal"],
             ["Transport Minister Helen Carvey appointed the veteran arbitrator Dame Ruth Ellery {when} to mediate between the Harwick dockers and Northsea Terminals.",
              "The government named a mediator {when} in an attempt to end the five-week strike at Harwick."],
             ["Dame Ruth Ellery settled a long rail dispute three years ago.", "Both sides said they would attend the talks.",
              "Helen Carvey said the strike was costing the economy about £80 million a day.", "Talks will be held in a neutral venue in Ipsbury."],
             "In February the government appointed mediator Dame Ruth Ellery."),
            ("clashes", "2025-03-03", 5,
             ["Fourteen arrested in clashes at Harwick picket line", "Scuffles as lorries try to cross Harwick picket",
              "Police and strikers clash at port gates"],
             ["Police arrested 14 people {when} as strikers tried to stop lorries driven by agency staff from entering the port of Harwick.",
              "Clashes broke out at the main gate of Harwick port {when} when Northsea Terminals brought in replacement drivers."],
             ["Two officers were treated for minor injuries.", "Tom Brannagh condemned the use of agency drivers as provocation.",
              "Northsea Terminals said it had a duty to move urgent medical supplies.", "Mediation talks were suspended for the day."],
             "In March 14 people were arrested at the picket line."),
            ("deal", "2025-03-27", 6,
             ["Deal reached to end Harwick port strike", "Dockers and Northsea Terminals agree 14 percent pay rise",
              "Breakthrough ends ten-week Harwick stoppage"],
             ["The Amalgamated Dock Workers and Northsea Terminals reached a deal {when} to end the ten-week strike at Harwick, with pay rises worth 14 percent over two years.",
              "A pay deal brokered by Dame Ruth Ellery was agreed {when}, raising hopes that Harwick will reopen within days."],
             ["Members will vote on the offer next week.", "Tom Brannagh called the deal a victory for working people.",
              "Helen Carvey thanked the mediator.", "The backlog of containers could take a month to clear."],
             "A deal worth 14 percent over two years was reached in late March."),
        ],
    },
    "dalmir-quake": {
        "background": "The Dalmir region lies on an active fault and last suffered a major quake in 1976.",
        "stories": [
            ("quake", "2025-06-02", 7,
             ["Powerful earthquake kills hundreds in Dalmir", "Magnitude 6.9 quake flattens towns in Dalmir",
              "Death toll climbs after strong earthquake"],
             ["A magnitude 6.9 earthquake struck the Dalmir region before dawn {when}, flattening buildings in the towns of Kerrin and Ablos and killing at least 212 people.",
              "At least 212 people died when a powerful earthquake hit Dalmir {when}, collapsing apartment blocks while families slept."],
             ["The quake's epicentre was 10 km north of Kerrin at a depth of 12 km.", "Governor Selim Arvan said rescuers were digging with their hands.",
              "More than 1,400 people were injured.", "Hospitals in Ablos were treating patients in car parks."],
             "The disaster began on June 2 when a magnitude 6.9 quake killed hundreds."),
            ("rescue", "2025-06-07", 4,
             ["Boy pulled alive from rubble five days after Dalmir quake", "Miracle rescue in Kerrin",
              "Rescuers free child after 120 hours under debris"],
             ["Rescuers in Kerrin pulled a nine-year-old boy alive from the ruins of his home {when}, 120 hours after the earthquake, as hopes of finding more survivors faded.",
              "A child was rescued from a collapsed building in Kerrin {when}, five days after the quake."],
             ["The boy, named by rescuers as Emre, was dehydrated but conscious.", "A team from the national disaster agency had heard tapping the night before.",
              "The death toll now stands at 1,150.", "Governor Selim Arvan said the search would continue."],
             "Five days later a boy was rescued alive in Kerrin."),
            ("aftershock", "2025-06-11", 5,
             ["Strong aftershock topples damaged buildings in Dalmir", "Magnitude 5.8 aftershock kills four in Ablos",
              "New tremor rattles quake survivors"],
             ["A magnitude 5.8 aftershock shook Dalmir {when}, bringing down already damaged buildings in Ablos and killing four people.",
              "Four people died {when} when a strong aftershock collapsed buildings weakened by last week's quake."],
             ["Thousands of survivors refused to return indoors.", "The national disaster agency said 3,200 aftershocks had been recorded.",
              "Governor Selim Arvan ordered engineers to inspect every school.", "Tent camps were set up in Ablos stadium."],
             "A 5.8 aftershock followed in June."),
            ("donors", "2025-06-26", 5,
             ["Donors pledge $2.1 billion to rebuild Dalmir", "Geneva conference raises billions for quake region",
              "International donors promise reconstruction aid"],
             ["International donors meeting in Geneva pledged $2.1 billion {when} to rebuild the towns of Dalmir destroyed by the earthquake.",
              "A donors' conference in Geneva raised $2.1 billion {when} for homes, schools and hospitals in the quake-hit region."],
             ["The United Nations had asked for $3 billion.", "Governor Selim Arvan said 48,000 homes must be rebuilt.",
              "The World Bank promised a loan for new water systems.", "Aid groups urged donors to deliver the money quickly."],
             "Donors pledged $2.1 billion in Geneva in late June."),
            ("arrests", "2025-07-09", 5,
             ["Builders arrested over collapsed Kerrin flats", "Prosecutors detain 19 over quake building failures",
              "Contractors held as anger grows over shoddy construction"],
             ["Prosecutors detained 19 builders and inspectors {when} over apartment blocks in Kerrin that collapsed in the earthquake, killing hundreds.",
              "Police arrested contractors {when} after investigators found that columns in collapsed Kerrin buildings had been cut to make space for shops."],
             ["Chief prosecutor Hana Dussel said concrete samples were being tested.", "One developer was detained at the airport.",
              "Families of the dead gathered outside the courthouse.", "The death toll has reached 1,460."],
             "In July prosecutors detained builders over collapsed flats."),
        ],
    },
    # Two topics that share places and institutions with the ones above but are other threads.
    "gulf-hurricane": {
        "background": "Forecasters had predicted an above-average hurricane season in the Atlantic.",
        "stories": [
            ("landfall", "2024-09-12", 5,
             ["Hurricane Odile slams into Louisiana coast", "Odile makes landfall as category 3 storm",
              "Thousands without power as Odile hits Louisiana"],
             ["Hurricane Odile came ashore near Bayou Clement {when} as a category 3 storm, with winds of 120 mph tearing roofs off homes and cutting power to 400,000 customers.",
              "Odile, the strongest storm of the season, made landfall in southern Louisiana {when}, flooding low-lying parishes."],
             ["The Coast Guard rescued 60 people from flooded homes.", "Governor's office said three people were killed by falling trees.",
              "Storm surge reached 12 feet in some places.", "Oil and gas platforms in the Gulf of Mexico were evacuated ahead of the storm."],
             "Hurricane Odile struck Louisiana in September."),
            ("cleanup", "2024-09-18", 4,
             ["Louisiana begins long clean-up after Odile", "Federal aid approved for Odile victims",
              "Power slowly returns after hurricane"],
             ["President's disaster declaration {when} opened federal aid to eight Louisiana parishes battered by Hurricane Odile, as crews worked to restore power.",
              "Residents returned to flooded homes {when}, a week after Hurricane Odile hit the coast."],
             ["About 90,000 homes are still without electricity.", "Insurers estimate damage at $6 billion.",
              "Shelters in Baton Rouge still house 2,000 people.", "Schools will stay closed until next week."],
             "Federal aid followed a week later."),
        ],
    },
    "kelvaria-election": {
        "background": "Kelvaria has had four governments in six years.",
        "stories": [
            ("campaign", "2025-02-10", 4,
             ["Kelvaria's election campaign opens amid economic gloom", "Opposition leader Petra Valen leads Kelvaria polls",
              "Kelvarians prepare to vote as prices soar"],
             ["Campaigning for Kelvaria's general election began {when}, with opposition leader Petra Valen promising to cut fuel taxes and Prime Minister Oskar Dral defending his record.",
              "Kelvaria's parties launched their campaigns {when} for a vote that polls suggest Petra Valen's Civic Union could win."],
             ["Inflation stands at 14 percent.", "Oskar Dral held a rally in Dorren's central square.",
              "The electoral commission registered 11 parties.", "The vote is set for March 2."],
             "Campaigning began in February."),
            ("result", "2025-03-03", 5,
             ["Petra Valen's Civic Union wins Kelvaria election", "Kelvaria opposition sweeps to power",
              "Prime Minister Dral concedes defeat in Kelvaria vote"],
             ["Kelvaria's opposition Civic Union won the general election {when}, taking 44 percent of the vote, and its leader Petra Valen is set to become prime minister.",
              "Prime Minister Oskar Dral conceded defeat {when} after his party came second in Kelvaria's election."],
             ["Turnout was 61 percent.", "Petra Valen said she would form a government within two weeks.",
              "Observers said the vote was free and fair.", "Celebrations went on late into the night in Dorren."],
             "The Civic Union won in March."),
        ],
    },
    "brennport-mayor": {
        "background": "The Saltmarsh bridge contract, worth 240 million euros, was the largest in Brennport's history.",
        "stories": [
            ("arrest", "2024-09-04", 6,
             ["Brennport mayor arrested in bridge bribery inquiry", "Mayor Victor Hallam detained over bridge contract",
              "Police arrest Brennport mayor at city hall"],
             ["Police arrested Brennport's mayor, Victor Hallam, {when} on suspicion of taking bribes in return for awarding the Saltmarsh bridge contract.",
              "Mayor Victor Hallam was led out of Brennport city hall in handcuffs {when} as anti-corruption officers searched his office."],
             ["Prosecutors said the bribes totalled 1.8 million euros.", "Hallam's lawyer said his client denied all wrongdoing.",
              "Officers also searched the offices of the builder Ostrand Build.", "Hallam has led the city since 2016."],
             "The affair began in September when Mayor Victor Hallam was arrested."),
            ("bail", "2024-09-09", 4,
             ["Brennport mayor freed on bail", "Victor Hallam released but barred from city hall",
              "Judge grants bail to arrested mayor"],
             ["A judge released Victor Hallam on bail {when} but barred the Brennport mayor from entering city hall or contacting officials while the bribery inquiry continues.",
              "Brennport's mayor walked free {when} after posting bail of 500,000 euros."],
             ["Hallam told reporters he would clear his name.", "The judge ordered him to surrender his passport.",
              "Prosecutors had asked for him to be kept in custody.", "Deputy mayor Irene Castell is running the city."],
             "He was released on bail days later."),
            ("suspended", "2024-09-24", 4,
             ["Brennport council votes to suspend Mayor Hallam", "City council strips Hallam of powers",
              "Councillors suspend mayor over bribery charges"],
             ["Brennport's city council voted 31 to 8 {when} to suspend Mayor Victor Hallam until the end of the bribery case against him.",
              "Councillors suspended Victor Hallam {when}, handing his powers to deputy mayor Irene Castell."],
             ["Hallam's party colleagues abstained.", "Irene Castell promised a review of every contract signed since 2020.",
              "Protesters outside city hall demanded new elections.", "Hallam called the vote a political lynching."],
             "The council suspended him in late September."),
            ("contractor", "2024-10-15", 5,
             ["Ostrand Build chief charged in Brennport bridge case", "Builder's boss accused of paying mayor",
              "Second arrest in Saltmarsh bridge bribery affair"],
             ["Prosecutors charged Karl Ostrand, head of Ostrand Build, {when} with paying bribes to Mayor Victor Hallam to win the Saltmarsh bridge contract.",
              "The chief executive of the construction firm Ostrand Build was charged {when} with bribing Brennport's suspended mayor."],
             ["Karl Ostrand denies the charges.", "Investigators say payments passed through a consultancy in Luxembourg.",
              "Work on the Saltmarsh bridge has been halted.", "The company's shares fell 20 percent."],
             "In October the builder Karl Ostrand was charged."),
            ("trial", "2025-01-20", 5,
             ["Trial of former Brennport mayor opens", "Victor Hallam goes on trial over bridge bribes",
              "Hallam pleads not guilty as bribery trial begins"],
             ["The trial of Victor Hallam, the suspended mayor of Brennport, opened {when}, with prosecutors accusing him of selling the Saltmarsh bridge contract for 1.8 million euros.",
              "Victor Hallam pleaded not guilty {when} on the first day of his trial for taking bribes from the builder Ostrand Build."],
             ["The trial is expected to last six weeks.", "Karl Ostrand is being tried alongside him.",
              "Prosecutor Elena Brandt said the evidence included bank records and text messages.", "Dozens of supporters waited outside the court."],
             "His trial opened in January."),
            ("verdict", "2025-03-05", 6,
             ["Former Brennport mayor jailed for six years", "Hallam found guilty of taking bribes",
              "Court convicts Victor Hallam in bridge bribery case"],
             ["A court in Brennport found Victor Hallam guilty of corruption {when} and sentenced the former mayor to six years in prison.",
              "Victor Hallam was convicted {when} of taking 1.8 million euros in bribes and jailed for six years."],
             ["Karl Ostrand received four years.", "Hallam's lawyers said they would appeal.",
              "Judge Mirela Voss said the mayor had betrayed the trust of the city.", "The court ordered the money to be confiscated."],
             "He was convicted in March and jailed for six years."),
        ],
    },
}

# Later developments of the long topics: months on, the vocabulary has moved (a settlement, an
# inquiry, automation, winter tents, an appeal), and some leads no longer name the topic's core.
LATER = {
    "halvard-spill": [
        ("settlement", "2024-11-19", 5,
         ["Castellan to pay $4.5 billion to settle criminal charges over Gulf disaster",
          "Oil company pleads guilty to manslaughter counts over rig deaths",
          "Record criminal penalty for Castellan seven months after blowout"],
         ["Castellan Energy will plead guilty to 11 counts of manslaughter and pay $4.5 billion in penalties, Attorney General Nora Kessler announced {when}, closing the criminal case over the Halvard Deep blowout.",
          "The company behind the Halvard Deep well agreed {when} to the largest criminal fine in the country's history, $4.5 billion, and admitted misconduct that led to the deaths of 11 workers."],
         ["Two well-site supervisors were separately indicted on charges of negligence.", "Nora Kessler said the settlement did not resolve civil claims under clean water law.",
          "Castellan said it had already spent $14 billion on the response and cleanup.", "Relatives of the dead workers called the plea long overdue."],
         "In November the company pleaded guilty and agreed to pay $4.5 billion."),
        ("shrimp-season", "2025-01-22", 4,
         ["Shrimpers return to the water under a cloud of testing",
          "Gulf shrimp season opens, but buyers stay wary",
          "Bayou Clement boats head out for first full season since the spill"],
         ["Shrimp boats left Bayou Clement before sunrise {when} for the first full season since last year's spill, with every catch sampled by state inspectors before sale.",
          "The winter shrimp season opened along the Louisiana coast {when}, though processors said restaurants still asked whether Gulf seafood was safe."],
         ["Food and Drug Administration tests have found no harmful levels of oil residue in shrimp.", "Luc Thibodeaux said prices were a third lower than two years ago.",
          "Some fishermen are still waiting for payments from the fund run by Lionel Graves.", "A marketing campaign paid for by Castellan Energy will promote Gulf seafood."],
         "This winter shrimpers went back to sea amid worries about safety."),
    ],
    "kelvaria-cholera": [
        ("inquiry", "2025-02-20", 5,
         ["Inquiry traces Kelvaria's cholera to dam workers' camp",
          "Report blames leaking latrines at Sella dam site for epidemic",
          "Panel finds cholera entered the Sella river from a construction camp"],
         ["An independent panel led by Professor Idris Malo concluded {when} that the cholera epidemic began at a camp housing workers on the Sella dam, where sewage leaked into the river.",
          "Leaking latrines at the Camp Tarn construction site were the most likely source of the cholera outbreak, investigators told the health ministry in Dorren {when}."],
         ["Genetic testing showed all samples came from a single strain.", "The panel urged the contractor to pay compensation to the families of victims.",
          "Idris Malo said the camp had no treatment plant for its waste.", "More than 1,300 people have died since October."],
         "In February an inquiry traced the outbreak to a dam workers' camp."),
    ],
    "harwick-strike": [
        ("automation", "2025-05-14", 4,
         ["Northsea Terminals plans driverless cranes at Harwick",
          "Port operator unveils automation plan weeks after strike ended",
          "Union fury over Harwick robot crane plan"],
         ["Northsea Terminals said {when} it would spend 600 million pounds on automated cranes and self-driving carriers at Harwick, a plan the dockers' union said would cost 700 jobs.",
          "Weeks after the end of the long strike, the operator of Harwick port announced {when} that it would automate two of its four container berths."],
         ["Chief executive Brigid Onslow said automation was the only way to compete with Rotterdam.", "Tom Brannagh said members felt betrayed after the pay deal.",
          "The first automated berth would open in 2027.", "Transport Minister Helen Carvey said she expected consultation with staff."],
         "In May the operator announced automated cranes."),
    ],
    "dalmir-quake": [
        ("winter", "2025-10-06", 4,
         ["Months after the quake, thousands in Dalmir face winter in tents",
          "Cold season looms for families still living in camps",
          "Kerrin rebuilding stalls as winter approaches"],
         ["Four months after the earthquake, about 30,000 people in Kerrin and Ablos are still living in tents, and aid groups warned {when} that the first frosts are only weeks away.",
          "Families who lost their homes in the June earthquake are bracing for winter in camps, the Red Crescent said {when}."],
         ["Only 400 of 9,000 promised prefabricated homes have been delivered.", "Governor Selim Arvan blamed slow payments of the money pledged in Geneva.",
          "Schools in Kerrin are holding classes in shipping containers.", "Night temperatures in the valley can fall to minus ten."],
         "In October thousands were still in tents."),
    ],
    "brennport-mayor": [
        ("appeal", "2025-06-10", 4,
         ["Appeal court upholds jail term for former Brennport mayor",
          "Hallam loses appeal against bribery conviction",
          "Six-year sentence for ex-mayor confirmed on appeal"],
         ["The court of appeal rejected Victor Hallam's challenge to his bribery conviction {when}, confirming his six-year prison term.",
          "Brennport's former mayor will stay in prison after appeal judges ruled {when} that his trial had been fair."],
         ["His lawyers had argued that the text messages were obtained unlawfully.", "Irene Castell, now mayor after a special election, declined to comment.",
          "Karl Ostrand is due to be sentenced next month.", "Work on the Saltmarsh bridge resumed in April with a new builder."],
         "His appeal was rejected in June."),
    ],
}

# A conflict: an attack, the reinforcement it caused a week later, a second attack a week after
# that (three stories, one thread), then talks and a ceasefire whose words are not the attack's.
NEW_TOPICS = {
    "lesk-conflict": {
        "background": "Fighters of the Lesk Liberation Front have demanded self-rule for the mountainous Lesk province since 2019.",
        "dateline": "VELK, Varnia",
        "stories": [
            ("post-attack", "2025-04-05", 6,
             ["Gunmen kill three police officers at Varnia border post",
              "Three officers dead in night attack on Velk checkpoint",
              "Separatists blamed for deadly raid near Velk"],
             ["Gunmen stormed a police post outside the town of Velk in Varnia's Lesk province {when}, killing three officers and wounding five before escaping across the hills.",
              "Three Varnian police officers were killed {when} when attackers with rifles and grenades overran their checkpoint on the road into Velk."],
             ["Interior Minister Dario Pelk blamed the Lesk Liberation Front.", "The attackers took weapons and a police vehicle.",
              "Residents said the shooting lasted about forty minutes.", "It was the deadliest attack on police in Lesk for two years."],
             "The violence flared in April when gunmen killed three officers near Velk."),
            ("reinforcement", "2025-04-12", 5,
             ["Varnia sends 800 troops to Lesk after checkpoint killings",
              "Army convoys roll into Velk as government reinforces province",
              "Defence minister orders armoured units to Lesk"],
             ["Varnia deployed 800 soldiers and armoured vehicles to Lesk province {when}, a week after the killing of three police officers at Velk, in the largest reinforcement there in years.",
              "Columns of army trucks entered Velk {when} as Defence Minister Irena Host ordered two battalions to take over security in Lesk."],
             ["Irena Host said the troops would stay until the roads were safe.", "The army set up new checkpoints on the mountain passes.",
              "Local leaders warned that a heavy military presence could push young men toward the rebels.", "Dario Pelk said police would be withdrawn from remote posts."],
             "A week later the government sent 800 troops to Lesk."),
            ("convoy-bomb", "2025-04-19", 5,
             ["Roadside bomb hits army convoy in Lesk, two soldiers killed",
              "Blast strikes troop trucks on mountain road near Velk",
              "Two soldiers die as rebels target new deployment"],
             ["A roadside bomb tore through an army truck on the mountain road north of Velk {when}, killing two soldiers from the battalions sent to Lesk days earlier.",
              "Two Varnian soldiers died {when} when an explosive device went off beside their convoy in Lesk province."],
             ["Six soldiers were wounded and flown to the capital, Orsk.", "The Lesk Liberation Front said it carried out the attack.",
              "Irena Host called the bombers cowards and promised to hunt them down.", "The army closed the road for two days."],
             "Rebels bombed an army convoy later in April."),
            ("talks", "2025-05-20", 5,
             ["Varnia and Lesk rebels hold first face-to-face talks",
              "Envoy brings government and separatists to the table",
              "Talks open on the future of Lesk province"],
             ["Negotiators for Varnia's government and the Lesk Liberation Front met {when} for the first direct talks since the conflict began, under the mediation of envoy Marta Lind of the Northern Council.",
              "Marta Lind, the Northern Council's envoy, opened talks {when} between the government in Orsk and the separatist movement on a ceasefire and local self-government."],
             ["The talks are taking place at a lakeside hotel in neutral Sorvik.", "The rebels want a referendum on autonomy.",
              "Government negotiator Pavel Ruzic said the constitution was not on the table.", "Marta Lind asked both sides to release prisoners as a gesture."],
             "In May the two sides met for talks in Sorvik."),
            ("ceasefire", "2025-06-25", 5,
             ["Ceasefire agreed for Lesk after five weeks of talks",
              "Truce deal signed in Sorvik",
              "Monitors to oversee Varnia truce"],
             ["Varnia's government and the Lesk Liberation Front signed a ceasefire in Sorvik {when}, agreeing to pull back heavy weapons and admit 120 unarmed international monitors.",
              "A truce brokered by envoy Marta Lind was signed {when}, ending months of clashes in Lesk province."],
             ["Both sides will exchange prisoners within thirty days.", "Pavel Ruzic called the deal a first step, not a settlement.",
              "The monitoring mission will be based in Velk.", "Talks on self-government are to resume in September."],
             "A ceasefire was signed in Sorvik in June."),
            ("monitors", "2025-08-04", 4,
             ["First truce monitors arrive in Lesk",
              "International observers begin patrols under Varnia ceasefire",
              "Monitoring mission opens office in Velk"],
             ["The first 40 international monitors arrived in Velk {when} to oversee the ceasefire between Varnia's army and the Lesk rebels.",
              "Unarmed observers from the Northern Council began patrolling the mountain roads of Lesk {when}."],
             ["The mission's chief, Colonel Anders Brekke, said both sides had cooperated so far.", "Villagers said shops had reopened since the truce.",
              "Eighty more monitors are due next month.", "A prisoner exchange was completed in July."],
             "Monitors arrived in August."),
        ],
    },
}

# Stories that share a country, a region or a city with a long topic and belong to none of them.
SHARED_NAMES = {
    "kelvaria-football": ("Dorren", ("playoff", "2024-11-15", 4,
        ["Kelvaria reach first World Cup play-off", "Late Pell goal sends Kelvaria through",
         "Football: Kelvaria beat Norland to reach play-off"],
        ["Kelvaria's footballers reached a World Cup play-off for the first time {when}, beating Norland 2-1 in Dorren with a header from Jonas Pell in the last minute.",
         "A stoppage-time goal by striker Jonas Pell gave Kelvaria a 2-1 win over Norland {when} and a place in the World Cup play-offs."],
        ["Coach Milo Farran said the players had given the country something to smile about.", "Forty thousand fans filled the national stadium.",
         "The play-off draw will be held in Zurich next month.", "Norland had not lost a qualifier for two years."], "")),
    "kelvaria-rates": ("Dorren", ("rate-rise", "2025-02-25", 3,
        ["Central Bank of Kelvaria raises interest rate to 9 percent", "Kelvaria's central bank lifts rates again as inflation bites",
         "Kelvarian lenders brace for costlier loans"],
        ["The Central Bank of Kelvaria raised its main interest rate by a full point to 9 percent {when}, its third increase this year, as inflation reached 12 percent.",
         "Kelvaria's central bank increased borrowing costs {when} to defend the currency, the kelvar, which has lost a fifth of its value since the summer."],
        ["Governor Tomas Varga said further rises could not be ruled out.", "Banks in Dorren said mortgage demand had fallen sharply.",
         "Food prices rose 18 percent in a year.", "Exporters welcomed the cheaper currency."], "")),
    "louisiana-festival": ("New Orleans", ("festival", "2024-05-03", 3,
        ["Jazz festival draws record crowds to New Orleans", "Brass bands and sunshine at a packed jazz fair",
         "New Orleans festival opens with 80,000 fans"],
        ["A record 80,000 people attended the opening day of the New Orleans jazz and heritage festival {when}, organisers said, with brass bands playing on twelve stages.",
         "The New Orleans jazz festival opened {when} to crowds larger than any in its fifty-year history."],
        ["Headliner Della Moreau played a two-hour set of Louisiana standards.", "Some visitors said they had feared bad news from the Gulf of Mexico would keep tourists away.",
         "Food stalls sold crawfish bread and gumbo.", "The festival runs for two weekends."], "")),
    "dalmir-wine": ("Ablos", ("harvest", "2025-09-20", 3,
        ["Dalmir vineyards report best harvest in a decade", "Warm summer brings bumper grape crop to Dalmir",
         "Winemakers in Dalmir celebrate a record vintage"],
        ["Grape growers in the Dalmir hills began the best harvest in ten years {when}, with yields up by a third after a long, dry summer.",
         "Wine producers around Ablos said {when} that this year's vintage could be the region's finest since the 1990s."],
        ["The regional growers' cooperative expects to press 40 million litres.", "Pickers came from across the country for the season.",
         "Prices for the white Dalmir Sel variety rose 15 percent.", "A harvest festival in Ablos will be held next weekend."], "")),
}

# Each outlet writes in its own way: a wire with datelines, a local paper with its newsletter box, a
# tabloid in one-sentence paragraphs, an analysis paper that opens on context, a capital paper with
# "Related" links to other topics, and a live page of timed updates.
STYLE = {"Ridgeway Wire": "wire", "The Coastal Ledger": "local", "Meridian Daily": "tabloid",
         "Northfield Post": "analysis", "Capital Observer": "related", "Harbour Times": "live"}
DATELINES = {"halvard-spill": "NEW ORLEANS", "kelvaria-cholera": "DORREN, Kelvaria", "harwick-strike": "HARWICK",
             "dalmir-quake": "ABLOS, Dalmir", "gulf-hurricane": "BATON ROUGE, Louisiana",
             "kelvaria-election": "DORREN, Kelvaria", "brennport-mayor": "BRENNPORT"}
TABLOID_HEADS = ["{head}", "{head} - what we know", "{head}: the key facts", "'Nobody expected this': {head_lower}"]
ANALYSIS_HEADS = ["{head}", "Analysis: {head_lower}", "Why it matters: {head_lower}"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def when(event: date, published: date, rng: random.Random) -> str:
    """How an outlet dates the event relative to its own report."""
    if event == published:
        return rng.choice(["on " + WEEKDAYS[event.weekday()], "today", "on " + WEEKDAYS[event.weekday()]])
    style = rng.randrange(3)
    if style == 0:
        return f"on {MONTHS[event.month - 1]} {event.day}"
    if style == 1:
        return f"on {event.day} {MONTHS[event.month - 1]}"
    return "on " + WEEKDAYS[event.weekday()]


def all_topics() -> dict[str, dict]:
    """Every topic with its stories in date order: the long ones, their later turns, the conflict and
    the one-story topics that only share a place with them."""
    topics = {t: {**spec, "stories": spec["stories"] + LATER.get(t, [])} for t, spec in TOPICS.items()}
    topics.update(NEW_TOPICS)
    for topic, (place, story) in SHARED_NAMES.items():
        topics[topic] = {"background": "", "dateline": place.upper(), "stories": [story]}
    for topic, spec in topics.items():
        spec.setdefault("dateline", DATELINES.get(topic, ""))
        spec["stories"] = sorted(spec["stories"], key=lambda st: st[1])
    return topics


def styled(outlet: str, head: str, lead: str, body: list[str], back: list[str], spec: dict,
           related: list[str], rng: random.Random) -> tuple[str, list[str]]:
    """The headline and paragraphs of one report as `outlet` writes it."""
    style = STYLE[outlet]
    lower = head[0].lower() + head[1:]
    paragraphs = [lead, " ".join(body[:2])] + ([" ".join(body[2:])] if body[2:] else [])
    if style == "wire" and spec["dateline"]:
        paragraphs[0] = f"{spec['dateline']} ({outlet}) - {lead}"
    elif style == "tabloid":
        head = rng.choice(TABLOID_HEADS).format(head=head, head_lower=lower)
        paragraphs = [lead] + body  # one sentence a paragraph, no background
        back = back[:1]
    elif style == "analysis":
        head = rng.choice(ANALYSIS_HEADS).format(head=head, head_lower=lower)
        context = spec["background"] or (back[0] if back else "")
        paragraphs = ([context] if context else []) + paragraphs  # opens on context, then the news
        back = [b for b in back if b != context]
    elif style == "live":
        head = "Latest: " + head
        paragraphs = [f"Update {rng.randint(6, 22):02d}:{rng.choice(['05', '20', '35', '50'])} - {p}" for p in paragraphs]
    if back:
        paragraphs.append(" ".join(back))
    if style == "local":
        paragraphs.insert(1, "Sign up for our morning newsletter")
        paragraphs.append(f"Comments ({rng.randint(0, 60)})")
    elif style == "related" and related:
        paragraphs.append("Related coverage")
        paragraphs += rng.sample(related, min(2, len(related)))
    elif style == "wire":
        paragraphs.append(SIGNOFF[outlet])
    return head, paragraphs


def articles(seed: int = 18) -> list[dict]:
    rng = random.Random(seed)
    out = []
    topics = all_topics()
    # (event day, headline) of every story, for the "Related coverage" links of other topics' reports
    heads_of = {t: [(st[1], h) for st in spec["stories"] for h in st[3]] for t, spec in topics.items()}
    for topic, spec in topics.items():
        recaps: list[str] = []
        others = [(d, h) for t, hs in heads_of.items() if t != topic for d, h in hs]
        for key, day, n, heads, leads, details, recap in spec["stories"]:
            event = date.fromisoformat(day)
            outlets = rng.sample(OUTLETS, min(n, len(OUTLETS))) + [rng.choice(OUTLETS) for _ in range(n - len(OUTLETS))]
            for i, outlet in enumerate(outlets):
                published = event + timedelta(days=0 if i < 2 else rng.choice([0, 1, 1, 2, 3]))
                follow_up = published > event
                head = heads[i % len(heads)] if not follow_up or rng.random() < 0.6 else rng.choice(heads)
                lead = leads[(i + rng.randrange(2)) % len(leads)].format(when=when(event, published, rng))
                body = rng.sample(details, rng.randint(2, len(details)))
                # Follow-ups recall one or two earlier turns, not always the same ones.
                back = rng.sample(recaps[-3:], min(len(recaps[-3:]), rng.randint(0, 2))) if recaps else []
                if spec["background"] and rng.random() < 0.35:
                    back.append(spec["background"])
                related = [h for d, h in others if d < published.isoformat()]
                head, paragraphs = styled(outlet, head, lead, body, back, spec, rng.sample(related, min(6, len(related))), rng)
                out.append({"published": published.isoformat(), "source": outlet, "title": head,
                            "text": "\n\n".join(paragraphs), "topic": topic, "story": f"{topic}/{key}"})
            if recap:
                recaps.append(recap)
    out.sort(key=lambda a: (a["published"], a["source"], a["title"]))
    for i, a in enumerate(out):
        a["id"] = f"cov-{i:03d}"
    return out


def main() -> None:
    path = Path(__file__).with_name("coverage.jsonl")
    with path.open("w", encoding="utf-8") as handle:
        for a in articles():
            handle.write(json.dumps(a, ensure_ascii=False) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
