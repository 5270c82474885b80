"""Word lists behind the party heuristics: media outlets, organisation words, and words that are never names."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Outlet as written -> the name the party gets.
MEDIA_OUTLETS: dict[str, str] = {
    "TMZ": "TMZ", "The Daily Mail": "The Daily Mail", "Daily Mail": "The Daily Mail", "DailyMail": "The Daily Mail",
    "MailOnline": "The Daily Mail", "Mail Online": "The Daily Mail", "The New York Times": "The New York Times",
    "New York Times": "The New York Times", "NYT": "The New York Times", "CNN": "CNN", "BBC": "BBC",
    "BBC News": "BBC", "Reuters": "Reuters", "AP": "Associated Press", "Associated Press": "Associated Press",
    "The Associated Press": "Associated Press", "AFP": "AFP", "Variety": "Variety", "People": "People",
    "People magazine": "People", "People Magazine": "People", "Deadline": "Deadline", "Page Six": "Page Six",
    "Fox News": "Fox News", "NBC": "NBC", "NBC News": "NBC News", "ABC": "ABC", "ABC News": "ABC News",
    "CBS": "CBS", "CBS News": "CBS News", "The Guardian": "The Guardian", "Washington Post": "The Washington Post",
    "The Washington Post": "The Washington Post", "Bloomberg": "Bloomberg", "Bloomberg News": "Bloomberg",
    "Hollywood Reporter": "The Hollywood Reporter", "The Hollywood Reporter": "The Hollywood Reporter",
    "E! News": "E! News", "Us Weekly": "Us Weekly", "Entertainment Weekly": "Entertainment Weekly",
    "Entertainment Tonight": "Entertainment Tonight", "Access Hollywood": "Access Hollywood",
    "Rolling Stone": "Rolling Stone", "Vanity Fair": "Vanity Fair", "Vogue": "Vogue",
    "The Wall Street Journal": "The Wall Street Journal", "Wall Street Journal": "The Wall Street Journal",
    "WSJ": "The Wall Street Journal", "USA Today": "USA Today", "Los Angeles Times": "Los Angeles Times",
    "The Los Angeles Times": "Los Angeles Times", "LA Times": "Los Angeles Times", "NPR": "NPR", "MSNBC": "MSNBC",
    "CNBC": "CNBC", "Politico": "Politico", "Axios": "Axios", "The Atlantic": "The Atlantic", "Time": "Time",
    "Time magazine": "Time", "Forbes": "Forbes", "Business Insider": "Business Insider", "Insider": "Insider",
    "HuffPost": "HuffPost", "Huffington Post": "HuffPost", "BuzzFeed": "BuzzFeed", "BuzzFeed News": "BuzzFeed News",
    "The Daily Beast": "The Daily Beast", "Daily Beast": "The Daily Beast", "The Sun": "The Sun",
    "The Mirror": "The Mirror", "Daily Mirror": "The Mirror", "The Independent": "The Independent",
    "The Telegraph": "The Telegraph", "Sky News": "Sky News", "Just Jared": "Just Jared",
    "New York Post": "New York Post", "The New York Post": "New York Post", "NY Post": "New York Post",
    "Radar Online": "Radar Online", "In Touch Weekly": "In Touch Weekly", "Newsweek": "Newsweek",
    "Yahoo News": "Yahoo News", "Elle": "Elle", "Harper's Bazaar": "Harper's Bazaar", "Billboard": "Billboard",
    "IndieWire": "IndieWire", "TheWrap": "TheWrap", "The Wrap": "TheWrap", "Al Jazeera": "Al Jazeera",
    "The Economist": "The Economist", "Financial Times": "Financial Times", "The Financial Times": "Financial Times",
    "The Verge": "The Verge", "TechCrunch": "TechCrunch", "Wired": "Wired", "Mashable": "Mashable",
    "Daily Express": "Daily Express", "The Hill": "The Hill", "Mediaite": "Mediaite", "Semafor": "Semafor",
    "Fox Business": "Fox Business", "Page 6": "Page Six", "Perez Hilton": "Perez Hilton",
    "The Times": "The Times", "The Cut": "The Cut", "Deuxmoi": "Deuxmoi", "Daily Caller": "The Daily Caller",
    "The Daily Caller": "The Daily Caller", "Breitbart": "Breitbart", "Fortune": "Fortune", "Metro": "Metro",
    "Cosmopolitan": "Cosmopolitan", "Glamour": "Glamour", "OK! Magazine": "OK!", "Hello! Magazine": "Hello!",
    "Daily Telegraph": "The Telegraph", "Sydney Morning Herald": "The Sydney Morning Herald",
    "The Sydney Morning Herald": "The Sydney Morning Herald", "Los Angeles Magazine": "Los Angeles Magazine",
}  # fmt: skip

# Outlets whose name is also an ordinary word: only taken with context ("told People", "Variety reported").
AMBIGUOUS_OUTLETS = frozenset(
    {"People", "Variety", "Deadline", "Time", "Insider", "Vogue", "Elle", "Billboard", "Wired", "Fortune", "Metro",
     "AP", "Glamour", "Cosmopolitan", "Bloomberg"}
)  # fmt: skip

# A run ending in (or holding) one of these names an organisation.
ORG_SUFFIXES = _words(
    """
    Inc Incorporated LLC LLP Ltd Limited Corp Corporation Co Company Companies Group Studios Studio Foundation
    Court Department Dept University College School Academy Institute Agency Association Bank Partners Holdings
    Entertainment Media Records Pictures Films Productions Network Networks Council Commission Committee Board
    Bureau Office Ministry Police Hospital Church Club Party League Union Federation Society Trust Fund Capital
    Ventures Labs Technologies Systems Airlines Industries Enterprises Services Solutions Management Agency
    Publishing Press Magazine Museum Center Centre Authority Administration Commission Tribunal Senate Congress
    Parliament Assembly PLC AG GmbH SA NV Brands Games Music Television TV Channel Radio Law Firm Associates
    Institutes Analytics Therapeutics Pharmaceuticals Pharma Software Motors Energy Logistics Consulting
    Communications Laboratories Authority Chancery Prosecutors Attorney's Commission Coalition Alliance
    """
)
# Organisation words that lead ("University of X", "Department of Justice") and may take an "of" tail.
ORG_HEADS = _words(
    """
    University College School Academy Institute Department Ministry Bureau Office Bank Court Council Commission
    Committee Board Association Federation Society League Church Museum Center Centre Authority Institutes
    """
)
# Sports teams are named "City Nickname": the nickname makes the run an organisation, never a person.
TEAM_NAMES = _words(
    """
    Celtics Knicks Lakers Clippers Warriors Nets Bulls Heat Spurs Mavericks Rockets Suns Nuggets Jazz Bucks
    Raptors 76ers Sixers Pistons Pacers Cavaliers Hawks Hornets Magic Wizards Grizzlies Pelicans Thunder
    Timberwolves Kings Blazers Patriots Giants Jets Cowboys Eagles Packers Bears Chiefs Raiders Rams Chargers
    49ers Seahawks Steelers Ravens Dolphins Bills Broncos Commanders Saints Falcons Panthers Buccaneers Vikings
    Lions Texans Colts Titans Jaguars Browns Bengals Cardinals Yankees Mets Dodgers Cubs Astros Braves Phillies
    Orioles Mariners Padres Guardians Rangers Bruins Canadiens Maple Leafs Penguins Blackhawks Oilers Flyers
    Capitals Islanders Devils Sabres Senators Canucks Flames Avalanche Liverpool Arsenal Chelsea Tottenham
    """
)
# A run ending in one of these is a newspaper: "the Riverside Courier".
NEWSPAPER_WORDS = _words(
    """
    Courier Gazette Herald Tribune Chronicle Sentinel Observer Inquirer Examiner Dispatch Ledger Bulletin Journal
    Post Times Star Register Record Democrat Independent Telegram Enquirer Mercury Courant Beacon Clarion
    Review Digest Weekly Monthly Quarterly
    """
)
KNOWN_ORG_ACRONYMS = _words(
    """
    FBI CIA NSA DOJ SEC FTC FCC FDA EPA IRS NASA NATO UN EU WHO LAPD NYPD ACLU NFL NBA MLB NHL NCAA FIFA IOC
    SAG-AFTRA WME CAA UTA HBO
    """
)

# Never part of a person's name: function words, discourse words, pronouns, months, weekdays, abbreviations.
STOP_WORDS = _words(
    """
    a an the it its it's this that these those he she they we i you his her hers their theirs our ours my mine
    your yours me him them us who whom whose what when where why how which there here and but or nor so if as at
    by for from in into of on onto to with without about above after against along among around before behind
    below beneath beside between beyond during except inside like near off out outside over since through
    throughout till toward towards under until unto upon via within all any each every some no not yes now then
    just also even still yet already recently meanwhile however though although because according full story
    said says more most many much one two three four five six seven eight nine ten first second third last next
    breaking update updated exclusive watch read video photo photos source sources report reports statement
    while once again well oh hey please thanks thank dear hi hello wow omg lol lmao ok okay yeah yes no why
    january february march april may june july august september october november december jan feb mar apr jun
    jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday today yesterday
    tonight tomorrow am pm a.m p.m et pt est pst edt pdt gmt utc bst mr mrs ms mx dr prof sen rep gov st jr sr
    did does do is are was were be been being has have had would can could should shall might must people
    everyone someone anyone nobody everybody somebody anybody something nothing everything anything following
    despite amid per plus minus than instead rather perhaps maybe indeed sadly fortunately unfortunately luckily
    interestingly notably earlier later soon finally eventually initially ultimately separately additionally
    furthermore moreover instead otherwise regardless nonetheless nevertheless besides let lets let's see look
    click follow share subscribe sign log more related advertisement ad ads sponsored both either neither other
    others another such same own only very too really quite
    """
)

# Capitalised words that are not names of people: places, platforms, titles, generic nouns.
NOT_PERSON_WORDS = _words(
    """
    york angeles francisco diego vegas jersey hollywood manhattan brooklyn hills california texas florida london
    chicago boston atlanta miami america kingdom states street avenue road boulevard square valley beach county
    city state north south east west northern southern eastern western central united republic american
    americans british english french german chinese russian democrat democrats democratic republican republicans
    gop act amendment constitution covid coronavirus ai live show shows season episode part chapter page volume
    day week month year night morning eve prime minister vice ceo cfo coo chief executive officer director
    producer actor actress star stars team crew family fans fan instagram twitter tiktok facebook youtube
    netflix hulu disney spotify reddit threads bluesky snapchat whatsapp google apple amazon meta microsoft
    internet web christmas easter thanksgiving halloween god lord jesus oscar oscars emmy emmys grammy grammys
    golden globe globes awards award festival premiere tour album film movie series book novel documentary
    podcast trailer canada mexico england britain europe asia africa china russia ukraine israel gaza iran india
    japan germany france italy spain australia hospital university court department police news media press
    magazine times post journal daily weekly tonight reporter herald tribune gazette chronicle wire global
    national federal international world wide new old big little great grand upper lower saint los las san santa
    el la le breaking exclusive opinion analysis editor editorial staff writer contributor getty images
    shutterstock reuters ap afp via credit courtesy source sources insider insiders lawyers lawyer attorney
    attorneys counsel judge justice plaintiff plaintiffs defendant defendants jury court's legal lawsuit
    complaint motion filing supreme superior district circuit appeals federal case v vs versus inc llc ltd corp
    co group studios happy merry mayor chief sheriff commissioner host guest transcript episode avenue street
    boulevard hall plaza garden park bridge nasdaq nyse prnewswire businesswire globenewswire contact
    """
)

TITLE_SMALL_WORDS = _words(
    """
    a an the of and or in on at to for with by from as but nor is it us
    """
)
NAME_PARTICLES = _words(
    """
    de da di du van von der den del bin al
    """
)
ROLE_NOUNS = _words(
    """
    singer rapper comedian host model designer author writer actor actress director producer star costar co-star
    spokesperson spokesman spokeswoman publicist manager agent former husband wife mother father brother sister
    son daughter friend boyfriend girlfriend fiance fiancee ex rep attorney lawyer
    """
)
DATELINE_FILLER = _words(
    """
    on at am pm a m p est edt pst pdt et pt gmt utc bst cet cest z published posted updated last first date
    """
)
# Words a cut title must not end on.
WEAK_ENDINGS = _words(
    """
    a an the to of and or but with for on in at by from as that which who his her their its my your our he she
    they it was were is are be been has have had not so if than then about
    """
)

# Titles and offices that precede a name: they describe the person and never belong in the name.
TITLE_WORDS = _words(
    """
    president vice prime minister secretary chancellor senator sen sen. rep rep. representative congressman
    congresswoman governor gov gov. lieutenant mayor deputy judge justice magistrate sheriff officer detective
    commissioner chief inspector sergeant sgt sgt. captain capt capt. general gen gen. colonel col major admiral
    king queen prince princess duke duchess lord lady sir dame emperor empress pope cardinal bishop archbishop
    father reverend rev rev. rabbi imam sheikh dr dr. doctor professor prof prof. mr mr. mrs mrs. ms ms. mx mx.
    miss mme mme. m. cde comrade speaker ambassador attorney solicitor counsel chairman chairwoman chair
    director spokesperson spokesman spokeswoman councillor councilman councilwoman councilmember alderman
    premier chancellor's first lady crown emeritus former late then-president acting interim state defense
    defence foreign home interior finance health justice education federal us u.s. uk
    """
)

# Words that make a capitalised run a place, a storm, a building or an event rather than a person.
NOT_A_PERSON = _words(
    """
    typhoon hurricane storm cyclone tropical bay park square mount mountain river lake sea ocean island islands
    range trench fault mall tower airport station port harbour harbor bridge street avenue road highway valley
    county province region district city town village kingdom republic state states medal prize award cup
    championship olympics games league festival expo convention summit conference day week area base camp reaper
    experience air airways airlines centre center complex building hall palace house museum church cathedral
    mosque temple hospital school university college institute agency council committee ministry department
    office court fund foundation association society union party army navy force forces police guard guards
    corps affairs facility prison jail penitentiary pier wharf dock marina
    """
)

# Nouns that introduce a person in apposition: "the novelist Marguerite Okafor", "her agent, Tomasz Wieczorek".
PERSON_NOUNS = _words(
    """
    novelist author writer poet journalist reporter columnist editor publisher critic agent publicist manager
    lawyer attorney counsel solicitor barrister prosecutor judge witness victim suspect defendant plaintiff
    activist artist actor actress singer musician drummer guitarist bassist rapper comedian designer director
    producer chef doctor nurse surgeon scientist researcher professor lecturer teacher student analyst economist
    official spokesperson spokesman spokeswoman executive founder owner chairman chairwoman ceo president minister
    secretary senator governor mayor officer detective sheriff husband wife son daughter mother father brother
    sister widow friend fiance fiancee fiancée boyfriend girlfriend partner resident neighbour neighbor colleague
    """
)
