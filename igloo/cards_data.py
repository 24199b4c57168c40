"""Inspiration cards drawn from the report (chapters 2 and 3).

Source: "Kunstig intelligens: muligheder og udfordringer for arbejdsmiljøet på de danske
arbejdspladser" (2024, for BFA and Arbejdsmiljørådet). Chapter 2 gives, per IGLOO level, the
opportunities and risks of machine learning (ml) and generative AI (genai); chapter 3 adds the
future formats AI agents (agents) and versatile robots (robots), placed on the level they most concern.

Each card is a short bilingual prompt (Danish and English, written for the product, not quoted
from the report) shown beside the STEP 1 worksheet questions (1-5) and on the facilitator board.
Plain literals only, so the module can be imported from a data migration. Keys are stable slugs.
"""
from __future__ import annotations

CARDS: list[dict] = [
    # --- individual / ml (chapter 2) ---
    {
        "key": "individual-ml-less-wear-and-injury",
        "level": "individual",
        "ai_kind": "ml",
        "polarity": "opportunity",
        "title_da": "Mindre nedslidning og færre skader",
        "title_en": "Less wear and tear, fewer injuries",
        "body_da": (
            "Maskinlæring kan optimere ressourceforbrug og arbejdsgange, så gevinsten ikke kun er økonomisk, men "
            "også mindre mistrivsel, mindre nedslidning og færre skader. Hvor kunne det aflaste dig?"
        ),
        "body_en": (
            "Machine learning can optimise resource use and workflows, so the gain is not only financial but also "
            "better well-being, less wear and tear and fewer injuries. Where could that relieve you?"
        ),
        "chapter": "2",
        "questions": [1, 4],
    },
    {
        "key": "individual-ml-workload-forecasting",
        "level": "individual",
        "ai_kind": "ml",
        "polarity": "opportunity",
        "title_da": "Forudsig arbejdspresset",
        "title_en": "Forecast the workload",
        "body_da": (
            "Algoritmer kan forudsige arbejdspres og optimere vagtplaner, så de rette folk er der på det rette "
            "tidspunkt. Hvor ville det mindske overbelastning og stress i dit arbejde?"
        ),
        "body_en": (
            "Algorithms can forecast workload and optimise rosters so the right people are there at the right "
            "time. Where would that reduce overload and stress in your work?"
        ),
        "chapter": "2",
        "questions": [1, 4],
    },
    {
        "key": "individual-ml-early-warning-physical-strain",
        "level": "individual",
        "ai_kind": "ml",
        "polarity": "opportunity",
        "title_da": "Tidlig varsling om fysisk belastning",
        "title_en": "Early warning of physical strain",
        "body_da": (
            "Ved tunge løft og gentagne bevægelser kan maskinlæring opdage risikoen for skader og nedslidning, før "
            "de opstår, så opgaverne kan justeres i tide. Hvilken rolle skal den have hos jer?"
        ),
        "body_en": (
            "With heavy lifting and repetitive movements, machine learning can spot the risk of injury and wear "
            "before it happens, so tasks can be adjusted in time. What role should it play for you?"
        ),
        "chapter": "2",
        "questions": [2, 4],
    },
    {
        "key": "individual-ml-wellbeing-signals",
        "level": "individual",
        "ai_kind": "ml",
        "polarity": "opportunity",
        "title_da": "Signaler om trivsel og stress",
        "title_en": "Signals of well-being and stress",
        "body_da": (
            "Data kan afsløre mønstre i trivsel, så der kan sættes ind mod stress og udbrændthed i tide, fx med en "
            "samtale med lederen eller ekstern rådgivning. Hvilke grænser skal gælde for den slags data?"
        ),
        "body_en": (
            "Data can reveal patterns in well-being so that stress and burnout can be tackled in time, e.g. "
            "through a talk with the manager or external counselling. What limits should apply to such data?"
        ),
        "chapter": "2",
        "questions": [4, 5],
    },
    {
        "key": "individual-ml-diagnostic-support",
        "level": "individual",
        "ai_kind": "ml",
        "polarity": "opportunity",
        "title_da": "Beslutningsstøtte, der løfter kvaliteten",
        "title_en": "Decision support that raises quality",
        "body_da": (
            "I sundhedsvæsenet hjælper maskinlæring speciallæger med at screene røntgenbilleder: mindre manuelt "
            "arbejde, mere præcise vurderinger og mere tid til andre opgaver. Hvor kunne det samme ske hos dig?"
        ),
        "body_en": (
            "In healthcare, machine learning helps specialists screen X-rays: less manual work, more precise "
            "assessments and more time for other tasks. Where could the same happen in your work?"
        ),
        "chapter": "2",
        "questions": [1, 2],
    },
    {
        "key": "individual-ml-simplified-picture",
        "level": "individual",
        "ai_kind": "ml",
        "polarity": "risk",
        "title_da": "Et forsimplet billede af virkeligheden",
        "title_en": "A simplified picture of reality",
        "body_da": (
            "Algoritmer bygger på begrænsede data og ser kun et udsnit af virkeligheden. Bliver de grundlag for "
            "ledelse, kan din frihed til at udøve din faglighed skrumpe. Hvad ser algoritmen ikke i dit arbejde?"
        ),
        "body_en": (
            "Algorithms rest on limited data and see only a slice of reality. When they become the basis for "
            "management, your freedom to use your professional judgement can shrink. What does the algorithm miss "
            "in your work?"
        ),
        "chapter": "2",
        "questions": [2, 5],
    },
    {
        "key": "individual-ml-narrow-performance-scores",
        "level": "individual",
        "ai_kind": "ml",
        "polarity": "risk",
        "title_da": "Når få målepunkter bedømmer dig",
        "title_en": "When a few metrics judge you",
        "body_da": (
            "Et callcentersystem kan score samtaler på tonefald, eller om de slutter med »hav en god dag« – men "
            "ikke på empati og problemløsning. Hvilke kvaliteter i dit arbejde kan ikke måles?"
        ),
        "body_en": (
            "A call-centre system can score calls on tone of voice or on whether they end with “have a nice day” – "
            "but not on empathy or problem-solving. Which qualities in your work cannot be measured?"
        ),
        "chapter": "2",
        "questions": [4, 5],
    },
    {
        "key": "individual-ml-gaming-the-system",
        "level": "individual",
        "ai_kind": "ml",
        "polarity": "risk",
        "title_da": "At snyde systemet",
        "title_en": "Gaming the system",
        "body_da": (
            "Når en algoritme belønner bestemte målbare indikatorer, kan man begynde at jagte scoren frem for at "
            "gøre arbejdet bedst muligt. Hvad risikerer at blive nedprioriteret hos jer?"
        ),
        "body_en": (
            "When an algorithm rewards certain measurable indicators, people may start chasing the score rather "
            "than doing the work as well as possible. What risks being deprioritised where you work?"
        ),
        "chapter": "2",
        "questions": [3, 5],
    },
    {
        "key": "individual-ml-loss-of-meaning",
        "level": "individual",
        "ai_kind": "ml",
        "polarity": "risk",
        "title_da": "Meningstab, når arbejdet bliver til tal",
        "title_en": "Loss of meaning when work becomes numbers",
        "body_da": (
            "Når arbejdet reduceres til tal og tommelfingerregler, kan tab af indflydelse og ensformighed give "
            "frustration, meningstab og dårligere mental trivsel. Hvordan sikres det, at din faglighed stadig "
            "værdsættes?"
        ),
        "body_en": (
            "When work is reduced to numbers and rules of thumb, lost influence and monotony can lead to "
            "frustration, loss of meaning and poorer mental health. How do you ensure that your expertise is still "
            "valued?"
        ),
        "chapter": "2",
        "questions": [4, 5],
    },
    # --- group / ml (chapter 2) ---
    {
        "key": "group-ml-team-performance",
        "level": "group",
        "ai_kind": "ml",
        "polarity": "opportunity",
        "title_da": "Bedre resultater i teamet",
        "title_en": "Better team performance",
        "body_da": (
            "Maskinlæring kan forbedre gruppens resultater, fx gennem skemalægning og fordeling af opgaver. Hvor "
            "kunne det gøre jeres fælles arbejde lettere?"
        ),
        "body_en": (
            "Machine learning can optimise the group's performance, e.g. through scheduling and allocating tasks. "
            "Where could it make your shared work easier?"
        ),
        "chapter": "2",
        "questions": [1, 2],
    },
    {
        "key": "group-ml-overlooked-contributions",
        "level": "group",
        "ai_kind": "ml",
        "polarity": "risk",
        "title_da": "Oversete bidrag til fællesskabet",
        "title_en": "Overlooked contributions to the team",
        "body_da": (
            "Systemer ser let målbare præstationer – ikke kollegaen, der skaber trivsel eller deler viden "
            "uformelt. Det kan svække psykologisk tryghed, videndeling og samarbejde. Hvem risikerer at blive "
            "usynlig hos jer?"
        ),
        "body_en": (
            "Systems see easily measured performance – not the colleague who builds well-being or shares knowledge "
            "informally. That can weaken psychological safety, knowledge sharing and collaboration. Who risks "
            "becoming invisible in your team?"
        ),
        "chapter": "2",
        "questions": [4, 5],
    },
    {
        "key": "group-ml-support-or-control",
        "level": "group",
        "ai_kind": "ml",
        "polarity": "risk",
        "title_da": "Støtte eller kontrol?",
        "title_en": "Helpful support or control?",
        "body_da": (
            "Værktøjer, der analyserer kalendere og aktiviteter, opleves af nogle som støtte og af andre som "
            "kontrol eller fejlvurdering – og det kan skabe skjult modstand. Hvordan oplever I det?"
        ),
        "body_en": (
            "Tools that analyse calendars and activities feel like support to some and like control or "
            "misjudgement to others – and that can breed hidden resistance. How do you experience it?"
        ),
        "chapter": "2",
        "questions": [2, 4],
    },
    {
        "key": "group-ml-new-division-of-labour",
        "level": "group",
        "ai_kind": "ml",
        "polarity": "risk",
        "title_da": "Ny arbejdsdeling i teamet",
        "title_en": "A new division of labour in the team",
        "body_da": (
            "Når algoritmer lægger skemaer og optimerer processer, ændres arbejdsdelingen, og der opstår nye "
            "dynamikker i teamet. Hvad betyder det for jeres samarbejde på kort og lang sigt?"
        ),
        "body_en": (
            "When algorithms draw up schedules and optimise processes, the division of labour changes and new "
            "dynamics arise in the team. What does that mean for your collaboration in the short and long term?"
        ),
        "chapter": "2",
        "questions": [3],
    },
    # --- leadership / ml (chapter 2) ---
    {
        "key": "leadership-ml-data-informed-decisions",
        "level": "leadership",
        "ai_kind": "ml",
        "polarity": "opportunity",
        "title_da": "Data frem for mavefornemmelser",
        "title_en": "Data rather than gut feeling",
        "body_da": (
            "Maskinlæring kan støtte lederens beslutninger med mønstre i data og dermed mindske fejlslutninger og "
            "bias. Hvilke beslutninger kunne blive bedre?"
        ),
        "body_en": (
            "Machine learning can support the manager's decisions with patterns in data and so reduce errors of "
            "judgement and bias. Which decisions could improve?"
        ),
        "chapter": "2",
        "questions": [1, 2],
    },
    {
        "key": "leadership-ml-insight-working-conditions",
        "level": "leadership",
        "ai_kind": "ml",
        "polarity": "opportunity",
        "title_da": "Indsigt i trivsel og arbejdsforhold",
        "title_en": "Insight into well-being and working conditions",
        "body_da": (
            "Data om trivsel, kvalitet og opgaveløsning kan vise ændringer i arbejdsforholdene, som lederen ellers "
            "ikke ville opdage. Hvordan skal lederen bruge den indsigt?"
        ),
        "body_en": (
            "Data on well-being, quality and task performance can reveal changes in working conditions that the "
            "manager would otherwise miss. How should the manager use that insight?"
        ),
        "chapter": "2",
        "questions": [3, 4],
    },
    {
        "key": "leadership-ml-inflated-expectations",
        "level": "leadership",
        "ai_kind": "ml",
        "polarity": "risk",
        "title_da": "Overdrevne forventninger skaber frygt",
        "title_en": "Inflated expectations create fear",
        "body_da": (
            "Ledere har ofte urealistiske forventninger til maskinlæring, fx ud fra markedsføring og "
            "konsulentrapporter. Det giver skuffelse og kan skabe frygt for job og roller. Hvad kan I realistisk "
            "forvente?"
        ),
        "body_en": (
            "Managers often have unrealistic expectations of machine learning, e.g. from marketing and consultancy "
            "reports. That leads to disappointment and can create fear for jobs and roles. What can you "
            "realistically expect?"
        ),
        "chapter": "2",
        "questions": [3, 4],
    },
    {
        "key": "leadership-ml-clear-purpose",
        "level": "leadership",
        "ai_kind": "ml",
        "polarity": "risk",
        "title_da": "Et uklart formål skaber utryghed",
        "title_en": "An unclear purpose creates insecurity",
        "body_da": (
            "Kender lederen ikke teknologiens reelle muligheder og begrænsninger, eller forklares formålet ikke "
            "tydeligt, vokser utrygheden. Hvad skal jeres leder kunne forklare og stå inde for?"
        ),
        "body_en": (
            "If managers do not know the technology's real potential and limits, or the purpose is not explained "
            "clearly, insecurity grows. What should your manager be able to explain and stand behind?"
        ),
        "chapter": "2",
        "questions": [4, 5],
    },
    # --- organisation / ml (chapter 2) ---
    {
        "key": "organisation-ml-frees-time",
        "level": "organisation",
        "ai_kind": "ml",
        "polarity": "opportunity",
        "title_da": "Mere end ressourcebesparelser",
        "title_en": "More than saving resources",
        "body_da": (
            "Optimerede arbejdsgange og bedre opgavefordeling kan frigøre tid til mere meningsfulde og varierede "
            "opgaver. Hvad skal den frigjorte tid bruges til hos jer?"
        ),
        "body_en": (
            "Optimised workflows and better task allocation can free up time for more meaningful and varied tasks. "
            "What should the freed-up time be used for where you work?"
        ),
        "chapter": "2",
        "questions": [1, 3],
    },
    {
        "key": "organisation-ml-less-cognitive-load",
        "level": "organisation",
        "ai_kind": "ml",
        "polarity": "opportunity",
        "title_da": "Mindre kognitiv belastning",
        "title_en": "Less cognitive load",
        "body_da": (
            "Når rutinerne strømlines, kan medarbejderne fokusere på komplekse og kreative opgaver med mere "
            "variation og mindre kognitiv belastning. Hvilke opgaver ville du gerne have mere tid til?"
        ),
        "body_en": (
            "When routines are streamlined, staff can focus on complex and creative tasks with more variety and "
            "less cognitive load. Which tasks would you like more time for?"
        ),
        "chapter": "2",
        "questions": [1, 4],
    },
    {
        "key": "organisation-ml-cemented-processes",
        "level": "organisation",
        "ai_kind": "ml",
        "polarity": "risk",
        "title_da": "Cementerede arbejdsprocesser",
        "title_en": "Cemented work processes",
        "body_da": (
            "Løsninger baseret på maskinlæring er dyre og svære at ændre. De kan cementere arbejdsprocesserne og "
            "gøre organisationen mindre agil og omstillingsparat. Hvor skal I kunne skifte kurs?"
        ),
        "body_en": (
            "Solutions based on machine learning are costly and hard to change. They can cement work processes and "
            "make the organisation less agile and adaptable. Where do you need to be able to change course?"
        ),
        "chapter": "2",
        "questions": [3],
    },
    {
        "key": "organisation-ml-historical-bias",
        "level": "organisation",
        "ai_kind": "ml",
        "polarity": "risk",
        "title_da": "Fastlåst i fortidens data",
        "title_en": "Locked into past data",
        "body_da": (
            "Systemer lærer af historiske data og kan fastholde forældede arbejdsgange og videreføre bias – som "
            "det hollandske SyRI-system i sager om socialt bedrageri. Hvilke vurderinger må ikke arve fortidens "
            "fejl?"
        ),
        "body_en": (
            "Systems learn from historical data and can preserve outdated workflows and carry bias forward – like "
            "the Dutch SyRI system in welfare-fraud cases. Which judgements must not inherit past mistakes?"
        ),
        "chapter": "2",
        "questions": [3, 5],
    },
    {
        "key": "organisation-ml-few-specialists",
        "level": "organisation",
        "ai_kind": "ml",
        "polarity": "risk",
        "title_da": "Når kun få kan ændre systemet",
        "title_en": "When only a few can change the system",
        "body_da": (
            "Ofte kan kun få specialister ændre i systemerne, og det svækker de øvrige medarbejderes kontrol – "
            "især når vurderingerne forældes, fordi verden ændrer sig. Hvem skal kunne justere jeres løsning?"
        ),
        "body_en": (
            "Often only a few specialists can change the systems, which weakens other employees' control – "
            "especially when assessments become outdated as the world changes. Who should be able to adjust your "
            "solution?"
        ),
        "chapter": "2",
        "questions": [2, 5],
    },
    # --- context / ml (chapter 2) ---
    {
        "key": "context-ml-tasks-not-jobs",
        "level": "context",
        "ai_kind": "ml",
        "polarity": "opportunity",
        "title_da": "Opgaver automatiseres – ikke hele job",
        "title_en": "Tasks are automated, not whole jobs",
        "body_da": (
            "Maskinlæring erstatter sjældent hele job. Den automatiserer enkelte opgaver, skaber nye og ændrer "
            "roller – hos radiologer er efterspørgslen efter deres kompetencer steget. Hvilke af dine opgaver ændres, "
            "og hvilke kompetencer kræver det?"
        ),
        "body_en": (
            "Machine learning rarely replaces whole jobs. It automates individual tasks, creates new ones and "
            "changes roles – for radiologists, demand for their skills has risen. Which of your tasks will change, "
            "and which skills will that take?"
        ),
        "chapter": "2",
        "questions": [1, 3],
    },
    {
        "key": "context-ml-trust-transparency",
        "level": "context",
        "ai_kind": "ml",
        "polarity": "opportunity",
        "title_da": "Tillid og transparens",
        "title_en": "Trust and transparency",
        "body_da": (
            "Det danske arbejdsmarked bygger på høj tillid. Åben kommunikation om formålet og klar besked om, "
            "hvilke data der indsamles og hvordan de bruges, skaber tryghed. Hvad har I brug for at vide?"
        ),
        "body_en": (
            "The Danish labour market rests on high trust. Open communication about the purpose and clear "
            "information on what data is collected and how it is used create a sense of security. What do you need "
            "to know?"
        ),
        "chapter": "2",
        "questions": [4, 5],
    },
    {
        "key": "context-ml-employee-influence",
        "level": "context",
        "ai_kind": "ml",
        "polarity": "opportunity",
        "title_da": "Indflydelse på algoritmen",
        "title_en": "A say in the algorithm",
        "body_da": (
            "Medarbejdere kan fx være med til at vægte parametrene i vagtplanlægningen, og brugen kan måske gøres "
            "frivillig. Så opleves teknologien som støtte frem for trussel. Hvor vil I have indflydelse?"
        ),
        "body_en": (
            "Employees can, for example, help weight the parameters in rostering, and use could perhaps be "
            "voluntary. Then the technology feels like support rather than a threat. Where do you want a say?"
        ),
        "chapter": "2",
        "questions": [2, 4],
    },
    {
        "key": "context-ml-mistrust-resistance",
        "level": "context",
        "ai_kind": "ml",
        "polarity": "risk",
        "title_da": "Mistillid skaber modstand",
        "title_en": "Mistrust breeds resistance",
        "body_da": (
            "Mistillid mellem ledelse og medarbejdere – eller ledere, der ikke kender teknologien – kan skabe "
            "modstand og usikkerhed. Hvad skal der til, for at I har tillid til den måde, maskinlæring bruges på?"
        ),
        "body_en": (
            "Mistrust between management and staff, or managers who do not understand the technology, can create "
            "resistance and uncertainty. What would it take for you to trust how machine learning is used?"
        ),
        "chapter": "2",
        "questions": [4, 5],
    },
    {
        "key": "context-ml-over-the-algorithm",
        "level": "context",
        "ai_kind": "ml",
        "polarity": "opportunity",
        "title_da": "At arbejde »over« algoritmen",
        "title_en": "Working “over” the algorithm",
        "body_da": (
            "Når maskinlæring løfter dig og dine kompetencer, arbejder du »over« algoritmen. Kontrol over eget "
            "arbejde hænger sammen med arbejdsglæde og lavere risiko for udbrændthed. Hvordan forbliver du over "
            "algoritmen?"
        ),
        "body_en": (
            "When machine learning lifts you and your skills, you work “over” the algorithm. Control over your own "
            "work goes with job satisfaction and a lower risk of burnout. How do you stay over the algorithm?"
        ),
        "chapter": "2",
        "questions": [2, 5],
    },
    {
        "key": "context-ml-under-the-algorithm",
        "level": "context",
        "ai_kind": "ml",
        "polarity": "risk",
        "title_da": "At arbejde »under« algoritmen",
        "title_en": "Working “under” the algorithm",
        "body_da": (
            "Arbejder du »under« algoritmen, dikterer den, hvad der skal laves, hvordan og hvornår. Oplevelsen af "
            "kontrol falder, og risikoen for udbrændthed stiger. Hvor bestemmer systemet for meget?"
        ),
        "body_en": (
            "If you work “under” the algorithm, it dictates what is done, how and when. Your sense of control "
            "drops and the risk of burnout rises. Where does the system decide too much?"
        ),
        "chapter": "2",
        "questions": [2, 4],
    },
    # --- individual / genai (chapter 2) ---
    {
        "key": "individual-genai-competence-boost",
        "level": "individual",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Et oplevet kompetenceløft",
        "title_en": "A felt competence boost",
        "body_da": (
            "Tidlige erfaringer viser, at generativ AI giver et effektivitetsløft og øget jobtilfredshed – et "
            "vigtigt element i trivsel. Hvor føler du dig dygtigere med AI?"
        ),
        "body_en": (
            "Early experience shows that generative AI gives an efficiency boost and higher job satisfaction – an "
            "important part of well-being. Where do you feel more capable with AI?"
        ),
        "chapter": "2",
        "questions": [1, 4],
    },
    {
        "key": "individual-genai-fewer-routine-tasks",
        "level": "individual",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Farvel til de kedelige opgaver",
        "title_en": "Goodbye to the dull tasks",
        "body_da": (
            "I praksis bruges generativ AI især til kedelige, repetitive eller uønskede opgaver, så der bliver tid "
            "til mere komplekse og interessante. Hvilke opgaver vil du helst give fra dig?"
        ),
        "body_en": (
            "In practice, generative AI is mostly used for dull, repetitive or unwanted tasks, leaving time for "
            "more complex and interesting ones. Which tasks would you most like to hand over?"
        ),
        "chapter": "2",
        "questions": [1, 2],
    },
    {
        "key": "individual-genai-wider-expertise",
        "level": "individual",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Adgang til viden og ekspertise",
        "title_en": "Access to knowledge and expertise",
        "body_da": (
            "Generativ AI gør store mængder viden og ekspertise tilgængelige og kan udvide dine færdigheder og dit "
            "arbejdsområde. Hvilke nye opgaver kunne du påtage dig?"
        ),
        "body_en": (
            "Generative AI makes large amounts of knowledge and expertise available and can widen your skills and "
            "your field of work. Which new tasks could you take on?"
        ),
        "chapter": "2",
        "questions": [1, 3],
    },
    {
        "key": "individual-genai-tool-that-lifts",
        "level": "individual",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Et værktøj, der løfter – ikke styrer",
        "title_en": "A tool that lifts, not one that steers",
        "body_da": (
            "Nogle virksomheder fastholder flere medarbejdere efter indførelsen af generativ AI, når den bruges "
            "som støtte, og man arbejder »over« algoritmen. Hvordan sikrer du, at AI løfter dit arbejde uden at "
            "styre det?"
        ),
        "body_en": (
            "Some companies retain more staff after introducing generative AI, when it is used as support and "
            "people work “over” the algorithm. How do you make sure AI lifts your work without steering it?"
        ),
        "chapter": "2",
        "questions": [2, 5],
    },
    {
        "key": "individual-genai-faglig-dovenskab",
        "level": "individual",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Faglig dovenskab",
        "title_en": "Professional laziness (“faglig dovenskab”)",
        "body_da": (
            "Faglig dovenskab er at acceptere AI's svar og tekster ukritisk uden selv at vurdere dem. Hvornår "
            "tjekker du efter, og hvornår stoler du bare på svaret?"
        ),
        "body_en": (
            "Professional laziness means accepting AI's answers and texts uncritically, without judging them "
            "yourself. When do you check, and when do you simply trust the answer?"
        ),
        "chapter": "2",
        "questions": [2, 5],
    },
    {
        "key": "individual-genai-faglig-sorg",
        "level": "individual",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Faglig sorg",
        "title_en": "Professional grief (“faglig sorg”)",
        "body_da": (
            "Faglig sorg er risikoen for, at din dybere faglighed gradvist udtyndes, når du forlader dig på AI's "
            "forslag og tekstarbejde – med flere fejl og større afhængighed til følge. Hvilke færdigheder vil du "
            "holde ved lige?"
        ),
        "body_en": (
            "Professional grief is the risk that your deeper expertise gradually erodes as you rely on AI's "
            "suggestions and writing – leading to more errors and growing dependence. Which skills do you want to "
            "keep sharp?"
        ),
        "chapter": "2",
        "questions": [3, 5],
    },
    {
        "key": "individual-genai-no-concept-of-truth",
        "level": "individual",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "AI har intet sandhedsbegreb",
        "title_en": "AI has no concept of truth",
        "body_da": (
            "Generativ AI bygger på sandsynlighed og kan opdigte historier og begå faktuelle fejl. Hvem har "
            "ansvaret for at kontrollere fakta og kilder i dit arbejde?"
        ),
        "body_en": (
            "Generative AI is based on probability and can invent stories and make factual errors. Who is "
            "responsible for checking facts and sources in your work?"
        ),
        "chapter": "2",
        "questions": [2, 5],
    },
    {
        "key": "individual-genai-accuracy-paradox",
        "level": "individual",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Jo bedre modellen er, jo mindre årvågne er vi",
        "title_en": "The better the model, the less alert we are",
        "body_da": (
            "Paradoksalt nok kan mere præcise modeller øge risikoen for oversete fejl, fordi vi bliver mindre "
            "vagtsomme, når vi ser færre åbenlyse fejl. Hvordan holder I jer kritiske over tid?"
        ),
        "body_en": (
            "Paradoxically, more accurate models can raise the risk of missed errors, because we become less "
            "vigilant when we see fewer obvious mistakes. How do you stay critical over time?"
        ),
        "chapter": "2",
        "questions": [3, 4],
    },
    {
        "key": "individual-genai-time-pressure",
        "level": "individual",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Tidspres giver blind tillid",
        "title_en": "Time pressure breeds blind trust",
        "body_da": (
            "Under tidspres stoler nogle ukritisk på AI-tekster, også når det ikke højner kvaliteten eller er "
            "etisk problematisk. Føles fagligheden truet, kan man blive fremmedgjort. Hvordan undgår I det?"
        ),
        "body_en": (
            "Under time pressure, some people trust AI texts uncritically, even when it does not raise quality or "
            "is ethically questionable. When expertise feels threatened, people can feel alienated. How do you "
            "avoid that?"
        ),
        "chapter": "2",
        "questions": [4, 5],
    },
    {
        "key": "individual-genai-new-ai-competences",
        "level": "individual",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Nye kompetencer i at bruge AI",
        "title_en": "New skills in using AI",
        "body_da": (
            "Selv om noget ekspertise kan gå tabt, opstår der behov for nye kompetencer: at bruge generativ AI "
            "effektivt og kritisk. Hvad skal du lære for at bruge AI godt?"
        ),
        "body_en": (
            "Even if some expertise may be lost, new skills are needed: using generative AI effectively and "
            "critically. What do you need to learn to use AI well?"
        ),
        "chapter": "2",
        "questions": [3, 4],
    },
    # --- group / genai (chapter 2) ---
    {
        "key": "group-genai-less-interaction",
        "level": "group",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Mindre social interaktion",
        "title_en": "Less social interaction",
        "body_da": (
            "Når man kan klare mere selv med AI, kan behovet for social interaktion og idéudveksling falde, så "
            "fællesskabet og kulturen svækkes. Hvad skal I fortsat gøre sammen?"
        ),
        "body_en": (
            "When you can manage more on your own with AI, the need for social interaction and exchanging ideas "
            "can fall, weakening community and culture. What should you keep doing together?"
        ),
        "chapter": "2",
        "questions": [3, 5],
    },
    {
        "key": "group-genai-professional-fragmentation",
        "level": "group",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Faglig fragmentering",
        "title_en": "Professional fragmentation",
        "body_da": (
            "Bliver AI den første sparringspartner, kan videndeling og erfaringsudveksling skrumpe, og flere "
            "arbejder alene uden feedback fra kolleger. Hvornår skal du spørge en kollega frem for AI?"
        ),
        "body_en": (
            "If AI becomes the first sparring partner, knowledge sharing and exchange of experience can shrink, "
            "and more people work alone without feedback from colleagues. When should you ask a colleague rather "
            "than AI?"
        ),
        "chapter": "2",
        "questions": [2, 4],
    },
    {
        "key": "group-genai-reinvest-freed-time",
        "level": "group",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Brug den sparede tid på fællesskabet",
        "title_en": "Spend the saved time on the team",
        "body_da": (
            "En del af den tid, AI frigør, kan bruges på socialt samvær, idéudveksling og fælles læring, så "
            "gruppen forbliver forbundet og engageret. Hvad vil I bruge tiden på?"
        ),
        "body_en": (
            "Part of the time AI frees up can go to social time, exchanging ideas and learning together, so the "
            "group stays connected and engaged. What will you use that time for?"
        ),
        "chapter": "2",
        "questions": [1, 4],
    },
    {
        "key": "group-genai-a-and-b-teams",
        "level": "group",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "A- og B-hold",
        "title_en": "A- and B-teams",
        "body_da": (
            "Tidlige brugere af generativ AI kan arbejde hurtigere og levere højere kvalitet. Så kan der opstå et "
            "A- og B-hold, hvor de mindst digitalt stærke marginaliseres. Hvordan undgår I kløfter i gruppen?"
        ),
        "body_en": (
            "Early users of generative AI can work faster and deliver higher quality. An A-team and a B-team can "
            "then emerge, with the least digitally confident pushed to the margins. How do you avoid divides in "
            "the group?"
        ),
        "chapter": "2",
        "questions": [3, 5],
    },
    {
        "key": "group-genai-embedded-bias",
        "level": "group",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Indbygget bias rammer skævt",
        "title_en": "Built-in bias hits unevenly",
        "body_da": (
            "Bias, der er indlejret i teknologien, kan forstærke uligheder for minoriteter og sårbare grupper og "
            "skabe spændinger i det kollegiale fællesskab. Hvem kan blive ramt hos jer?"
        ),
        "body_en": (
            "Bias embedded in the technology can deepen inequalities for minorities and vulnerable groups and "
            "create tension among colleagues. Who could be affected where you work?"
        ),
        "chapter": "2",
        "questions": [4, 5],
    },
    {
        "key": "group-genai-everyday-language",
        "level": "group",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Alle kan bruge det på dagligdags sprog",
        "title_en": "Everyone can join in, in everyday language",
        "body_da": (
            "Fordi generativ AI betjenes på almindeligt sprog, kan også ældre kolleger og folk uden teknisk "
            "baggrund komme med – og de sociale skel kan mindskes. Hvem kunne få gavn af det?"
        ),
        "body_en": (
            "Because generative AI is operated in plain language, older colleagues and people without a technical "
            "background can join in too – and social divides can narrow. Who could benefit?"
        ),
        "chapter": "2",
        "questions": [1, 2],
    },
    {
        "key": "group-genai-equal-access-training",
        "level": "group",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Lige adgang til oplæring og støtte",
        "title_en": "Equal access to training and support",
        "body_da": (
            "A- og B-hold kan forebygges, når alle medarbejdere inddrages i brugen af generativ AI og får lige "
            "adgang til oplæring og støtte. Hvordan sikrer I, at ingen står udenfor?"
        ),
        "body_en": (
            "A- and B-teams can be prevented when all employees are included in using generative AI and have equal "
            "access to training and support. How do you make sure nobody is left out?"
        ),
        "chapter": "2",
        "questions": [4, 5],
    },
    {
        "key": "group-genai-meetings-that-fit",
        "level": "group",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Møder, der tager højde for forskelle",
        "title_en": "Meetings that allow for differences",
        "body_da": (
            "Generativ AI kan hjælpe med at forberede møder, der tager højde for forskelle i faglighed, "
            "personlighed og kommunikationspræferencer, og dermed styrke dynamikken i gruppen. Hvor kunne det "
            "hjælpe jer?"
        ),
        "body_en": (
            "Generative AI can help prepare meetings that allow for differences in expertise, personality and "
            "communication preferences, and so strengthen the group's dynamics. Where could that help you?"
        ),
        "chapter": "2",
        "questions": [2, 4],
    },
    # --- leadership / genai (chapter 2) ---
    {
        "key": "leadership-genai-not-an-it-project",
        "level": "leadership",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Et ledelsesansvar – ikke et it-projekt",
        "title_en": "A leadership responsibility, not an IT project",
        "body_da": (
            "Implementering af generativ AI er et ledelsesansvar: ledelsen skal sikre mulighederne og undgå de "
            "negative følger for arbejdsmiljøet. Hvem tager det ansvar hos jer?"
        ),
        "body_en": (
            "Implementing generative AI is a leadership responsibility: management must secure the opportunities "
            "and avoid the negative effects on the work environment. Who takes on that responsibility where you "
            "work?"
        ),
        "chapter": "2",
        "questions": [2, 4],
    },
    {
        "key": "leadership-genai-frames-and-dialogue",
        "level": "leadership",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Rammer, oplæring og løbende dialog",
        "title_en": "Frameworks, training and ongoing dialogue",
        "body_da": (
            "Ledelsen skal skabe rammer, procedurer og oplæring og facilitere løbende refleksion og dialog om AI – "
            "fx om faglig sorg, faglig dovenskab og gruppedynamik. Hvad skal I tale om jævnligt?"
        ),
        "body_en": (
            "Management must create frameworks, procedures and training and facilitate ongoing reflection and "
            "dialogue about AI – e.g. on professional grief, professional laziness and group dynamics. What should "
            "you discuss regularly?"
        ),
        "chapter": "2",
        "questions": [4, 5],
    },
    {
        "key": "leadership-genai-watch-quality",
        "level": "leadership",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Hold øje med kvalitet og arbejdsmiljø",
        "title_en": "Watch quality and the work environment",
        "body_da": (
            "Generativ AI kræver aktiv opfølgning: ledelsen skal i tide opdage kvalitetsforringelser og negative "
            "påvirkninger af arbejdsmiljøet. Hvilke tegn skal jeres leder holde øje med?"
        ),
        "body_en": (
            "Generative AI calls for active follow-up: management must spot declining quality and negative effects "
            "on the work environment in time. Which signs should your manager watch for?"
        ),
        "chapter": "2",
        "questions": [3, 4],
    },
    {
        "key": "leadership-genai-from-management-to-leadership",
        "level": "leadership",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Fra »management« til ledelse",
        "title_en": "From “management” to leadership",
        "body_da": (
            "Når AI effektiviserer processer og mindsker behovet for koordinerende møder, kan lederen bruge mere "
            "tid på medarbejderudvikling og trivsel og blive bindeled mellem strategi og hverdag. Hvad ville det "
            "give jer?"
        ),
        "body_en": (
            "When AI streamlines processes and reduces the need for coordination meetings, managers can spend more "
            "time on staff development and well-being and link strategy with daily work. What would that give you?"
        ),
        "chapter": "2",
        "questions": [1, 3],
    },
    {
        "key": "leadership-genai-wider-span",
        "level": "leadership",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Større ledelsesspænd, mere pres",
        "title_en": "Wider span of control, more pressure",
        "body_da": (
            "Når AI frigør lederen fra koordinering, kan der blive mere tid til arbejdsmiljø og udvikling, men "
            "også øget pres, hvis ansvaret udvides til flere medarbejdere eller processer. Hvordan sikres lederens "
            "egen trivsel?"
        ),
        "body_en": (
            "When AI frees managers from coordination, there can be more time for the work environment and "
            "development, but also more pressure if their responsibility grows to more staff or processes. How is "
            "the manager's own well-being ensured?"
        ),
        "chapter": "2",
        "questions": [3, 4],
    },
    {
        "key": "leadership-genai-ai-feedback-and-advice",
        "level": "leadership",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Når AI giver feedback og råd",
        "title_en": "When AI gives feedback and advice",
        "body_da": (
            "Vurderinger, feedback og rådgivning, som travle ledere før stod for, kan nu genereres af AI – endnu "
            "ikke på niveau med menneskelig ekspertise. Hvilken rolle skal lederen fortsat have?"
        ),
        "body_en": (
            "Assessments, feedback and advice that busy managers used to give can now be generated by AI – not yet "
            "at the level of human expertise. What role should the manager keep?"
        ),
        "chapter": "2",
        "questions": [2, 3],
    },
    # --- organisation / genai (chapter 2) ---
    {
        "key": "organisation-genai-reinforced-bias",
        "level": "organisation",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "AI kan forstærke bias",
        "title_en": "AI can reinforce bias",
        "body_da": (
            "Sprogmodeller er trænet på internettets indhold og kan forstærke bias, gruppetænkning og skjulte "
            "fordomme, fx ved ansættelser. Det skader inklusion, retfærdighed og psykologisk tryghed. Hvor skal I "
            "være varsomme?"
        ),
        "body_en": (
            "Language models are trained on internet content and can reinforce bias, groupthink and hidden "
            "prejudice, e.g. in hiring. That harms inclusion, fairness and psychological safety. Where must you be "
            "careful?"
        ),
        "chapter": "2",
        "questions": [4, 5],
    },
    {
        "key": "organisation-genai-reduce-bias",
        "level": "organisation",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "AI kan også mindske bias",
        "title_en": "AI can also reduce bias",
        "body_da": (
            "Med de rette, eksplicitte instruktioner kan generativ AI give svar med mere variation og "
            "mangfoldighed og fremme inklusion, fx i HR-processer. Hvor kunne I bruge det?"
        ),
        "body_en": (
            "With the right, explicit instructions, generative AI can give answers with more variety and diversity "
            "and promote inclusion, e.g. in HR processes. Where could you use that?"
        ),
        "chapter": "2",
        "questions": [1, 5],
    },
    {
        "key": "organisation-genai-meaning-and-value",
        "level": "organisation",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Effektivitet med mening",
        "title_en": "Efficiency with meaning",
        "body_da": (
            "Generativ AI kan forbedre effektiviteten og mindske stress ved at skabe mening og værdi i arbejdet – "
            "og frigøre tid til læring og innovation. Hvor kan det ske hos jer?"
        ),
        "body_en": (
            "Generative AI can improve efficiency and reduce stress by creating meaning and value in the work – "
            "and free up time for learning and innovation. Where could that happen where you work?"
        ),
        "chapter": "2",
        "questions": [1, 4],
    },
    {
        "key": "organisation-genai-staffing-uncertainty",
        "level": "organisation",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Usikkerhed om jobbene",
        "title_en": "Uncertainty about jobs",
        "body_da": (
            "Når effektivisering er hovedfortællingen, kan der opstå usikkerhed om, hvor mange medarbejdere der er "
            "brug for – og dermed stress og bekymring. Hvordan taler I åbent om det?"
        ),
        "body_en": (
            "When efficiency is the main story, uncertainty can arise about how many employees are needed – "
            "bringing stress and worry. How do you talk about it openly?"
        ),
        "chapter": "2",
        "questions": [3, 4],
    },
    {
        "key": "organisation-genai-pure-efficiency-trap",
        "level": "organisation",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Fælden med ren effektivisering",
        "title_en": "The pure-efficiency trap",
        "body_da": (
            "Mediernes fokus på opsigtsvækkende produktivitetsgevinster kan presse ledere til at styre AI mod ren "
            "effektivisering – med øget arbejdspres og demotivering til følge. Hvordan balancerer I effektivitet "
            "og trivsel?"
        ),
        "body_en": (
            "Media focus on sensational productivity gains can push managers to steer AI towards pure efficiency – "
            "leading to more work pressure and demotivation. How do you balance efficiency and well-being?"
        ),
        "chapter": "2",
        "questions": [1, 4],
    },
    {
        "key": "organisation-genai-less-effort-less-meaning",
        "level": "organisation",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Mindre indsats, mindre mening?",
        "title_en": "Less effort, less meaning?",
        "body_da": (
            "Når AI mindsker den indsats og kreativitet, en opgave kræver, kan arbejdet føles mindre meningsfuldt. "
            "Hvilke dele af arbejdet giver dig mening og skal forblive dine?"
        ),
        "body_en": (
            "When AI reduces the effort and creativity a task requires, the work can feel less meaningful. Which "
            "parts of your work give you meaning and should remain yours?"
        ),
        "chapter": "2",
        "questions": [2, 5],
    },
    {
        "key": "organisation-genai-new-ways-to-organise",
        "level": "organisation",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Hvad vi laver, og hvordan vi organiserer os",
        "title_en": "What we do and how we organise",
        "body_da": (
            "I dag bruges generativ AI til eksisterende opgaver i den nuværende struktur. På sigt kan den ændre, "
            "hvad vi laver, hvordan vi gør det, og hvordan vi organiserer os. Hvad kan se anderledes ud om fem år?"
        ),
        "body_en": (
            "Today generative AI is used for existing tasks within the current structure. In time it can change "
            "what we do, how we do it and how we organise ourselves. What might look different in five years?"
        ),
        "chapter": "2",
        "questions": [3],
    },
    {
        "key": "organisation-genai-democratised-knowledge",
        "level": "organisation",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Viden bliver demokratiseret",
        "title_en": "Knowledge is democratised",
        "body_da": (
            "AI kan forklare komplekse tekster, fx juridiske, så specialviden bliver tilgængelig for alle, og "
            "flere kan løse opgaver, der før var forbeholdt specialister eller ledere. Hvad kunne du selv klare?"
        ),
        "body_en": (
            "AI can explain complex texts, such as legal ones, making specialist knowledge available to all, so "
            "more people can do tasks once reserved for specialists or managers. What could you handle yourself?"
        ),
        "chapter": "2",
        "questions": [1, 3],
    },
    {
        "key": "organisation-genai-power-shifts",
        "level": "organisation",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Magtforhold, der forskydes",
        "title_en": "Shifting power relations",
        "body_da": (
            "Når viden og opgaver flytter sig, kan både formelle og uformelle magtforhold ændre sig, og sårbare "
            "grupper med svage digitale kompetencer kan blive ramt. Hvem styrkes, og hvem svækkes hos jer?"
        ),
        "body_en": (
            "When knowledge and tasks move, both formal and informal power relations can change, and vulnerable "
            "groups with weak digital skills may be hit. Who gains and who loses where you work?"
        ),
        "chapter": "2",
        "questions": [3, 5],
    },
    # --- context / genai (chapter 2) ---
    {
        "key": "context-genai-job-and-skill-shifts",
        "level": "context",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Job- og kompetenceforskydninger",
        "title_en": "Shifts in jobs and skills",
        "body_da": (
            "Generativ AI vil flytte job og kompetencebehov i mange fag og brancher. Usikkerhed om jobbenes "
            "fremtid kan give utryghed og en følelse af værditab, selv når risikoen ikke er reel. Hvad kan skabe "
            "tryghed?"
        ),
        "body_en": (
            "Generative AI will shift jobs and skill needs across many trades and sectors. Uncertainty about the "
            "future of jobs can cause insecurity and a sense of lost worth, even when the risk is not real. What "
            "could reassure people?"
        ),
        "chapter": "2",
        "questions": [3, 4],
    },
    {
        "key": "context-genai-new-tasks-and-upskilling",
        "level": "context",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Nye opgaver og opkvalificering",
        "title_en": "New tasks and upskilling",
        "body_da": (
            "Alsidige teknologier har historisk skabt innovation og nye jobfunktioner. Hvordan kan opkvalificering "
            "blive en del af jeres implementering – både fagligt og i arbejdsmiljøorganisationen?"
        ),
        "body_en": (
            "Versatile technologies have historically led to innovation and new job functions. How can upskilling "
            "become part of your implementation – both professionally and in your health and safety organisation?"
        ),
        "chapter": "2",
        "questions": [1, 3],
    },
    {
        "key": "context-genai-speed-versus-responsibility",
        "level": "context",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Hastighed over for forsvarlighed",
        "title_en": "Speed versus responsibility",
        "body_da": (
            "Den hastige udvikling presser virksomheder til hurtig implementering for ikke at tabe i konkurrencen "
            "– på bekostning af et forsvarligt hensyn til arbejdsmiljøet. Hvor skal I give jer god tid?"
        ),
        "body_en": (
            "Rapid development pushes companies to implement quickly so as not to fall behind competitors – at the "
            "expense of due care for the work environment. Where should you take your time?"
        ),
        "chapter": "2",
        "questions": [3, 4],
    },
    {
        "key": "context-genai-ethics-deprioritised",
        "level": "context",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Når etik og sikkerhed nedprioriteres",
        "title_en": "When ethics and safety are deprioritised",
        "body_da": (
            "Markedspres og et teknologisk kapløb kan få sikkerhed, regeloverholdelse og etiske hensyn – og regulering, "
            "der tænker arbejdsmiljøet ind – til at blive nedprioriteret. Hvilke hensyn må I aldrig gå på "
            "kompromis med?"
        ),
        "body_en": (
            "Market pressure and a technology race can push safety, compliance and ethics – and regulation that "
            "takes the work environment into account – down the list. Which considerations must you never "
            "compromise on?"
        ),
        "chapter": "2",
        "questions": [5],
    },
    {
        "key": "context-genai-outdated-views",
        "level": "context",
        "ai_kind": "genai",
        "polarity": "risk",
        "title_da": "Forældede forestillinger om AI",
        "title_en": "Outdated views of AI",
        "body_da": (
            "At se generativ AI som en smal teknologi, ledelsen styrer som et traditionelt it-projekt, er en "
            "udbredt misforståelse, der kan føre til fejlslag og modstand. Hvad skal I vide for at bruge AI godt?"
        ),
        "body_en": (
            "Seeing generative AI as a narrow technology that management runs as a traditional IT project is a "
            "common misconception that can lead to failure and resistance. What do you need to know to use AI "
            "well?"
        ),
        "chapter": "2",
        "questions": [2, 4],
    },
    {
        "key": "context-genai-employee-experience",
        "level": "context",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Medarbejdernes erfaringer er værdifulde",
        "title_en": "Employees' experience is valuable",
        "body_da": (
            "Omkring hver femte medarbejder i Norden bruger AI-værktøjer, selv når ledelsen har forbudt det, fordi "
            "de selv ser gevinsten. Hvad ved I allerede om, hvad AI kan i jeres arbejde?"
        ),
        "body_en": (
            "Around one in five employees in the Nordic countries use AI tools even when management has banned "
            "them, because they see the benefit themselves. What do you already know about what AI can do in your "
            "work?"
        ),
        "chapter": "2",
        "questions": [1, 2],
    },
    {
        "key": "context-genai-frameworks-not-control",
        "level": "context",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Rammer frem for styring",
        "title_en": "Frameworks rather than control",
        "body_da": (
            "Generativ AI kræver ingen it-afdeling – den ligger i browseren. Lederens rolle skifter fra at styre "
            "teknologien til at sætte rammer, sprede kompetencer og støtte forsvarlig brug. Hvilke rammer har I "
            "brug for?"
        ),
        "body_en": (
            "Generative AI needs no IT department – it is in the browser. The manager's role shifts from "
            "controlling the technology to setting frameworks, spreading skills and supporting responsible use. "
            "What frameworks do you need?"
        ),
        "chapter": "2",
        "questions": [2, 4],
    },
    {
        "key": "context-genai-top-down-and-bottom-up",
        "level": "context",
        "ai_kind": "genai",
        "polarity": "opportunity",
        "title_da": "Både top-down og bottom-up",
        "title_en": "Both top-down and bottom-up",
        "body_da": (
            "En kombination af top-down og bottom-up, hvor ledelse og medarbejdere begge deltager aktivt, virker "
            "ofte bedst og sikrer, at arbejdsmiljøhensyn tænkes ind. Hvordan deler I jeres erfaringer?"
        ),
        "body_en": (
            "A mix of top-down and bottom-up, where managers and employees both take an active part, often works "
            "best and ensures the work environment is taken into account. How do you share your experience?"
        ),
        "chapter": "2",
        "questions": [4, 5],
    },
    # --- individual / agents (chapter 3) ---
    {
        "key": "individual-agents-hyper-automation",
        "level": "individual",
        "ai_kind": "agents",
        "polarity": "risk",
        "title_da": "Hyperautomatisering",
        "title_en": "Hyper-automation",
        "body_da": (
            "I dag styrer brugeren AI i en løbende dialog. Fremtidige AI-agenter kan fuldautomatisere opgaver, så "
            "menneskelige kompetencer bliver mindre relevante, og faglig sorg og meningstab forstærkes. Hvad vil "
            "du bevare?"
        ),
        "body_en": (
            "Today the user steers AI in an ongoing dialogue. Future AI agents could fully automate tasks, making "
            "human skills less relevant and deepening professional grief and loss of meaning. What do you want to "
            "keep?"
        ),
        "chapter": "3",
        "questions": [3, 5],
    },
    {
        "key": "individual-agents-the-exciting-part",
        "level": "individual",
        "ai_kind": "agents",
        "polarity": "risk",
        "title_da": "Hvem får den spændende del af arbejdet?",
        "title_en": "Who gets the exciting part of the work?",
        "body_da": (
            "Nogle vidensarbejdere kan ende med dataindsamling og fakta- og kildetjek, mens AI selv laver den "
            "spændende og meningsfulde del. Hvilken del af arbejdet skal være din?"
        ),
        "body_en": (
            "Some knowledge workers may end up with data collection and fact- and source-checking while AI does "
            "the exciting, meaningful part on its own. Which part of the work should be yours?"
        ),
        "chapter": "3",
        "questions": [2, 5],
    },
    {
        "key": "individual-agents-new-professional-roles",
        "level": "individual",
        "ai_kind": "agents",
        "polarity": "opportunity",
        "title_da": "Nye roller for fagpersoner",
        "title_en": "New roles for professionals",
        "body_da": (
            "Når AI overtager overblikket, kan lægen blive »sundhedscoach« og læreren en slags rejseleder på "
            "elevens læringsrejse. Hvilken ny rolle kunne du få?"
        ),
        "body_en": (
            "When AI takes over the overview, the doctor could become a “health coach” and the teacher a kind of "
            "tour guide on the pupil's learning journey. What new role could you take on?"
        ),
        "chapter": "3",
        "questions": [2, 3],
    },
    # --- organisation / agents (chapter 3) ---
    {
        "key": "organisation-agents-redefined-tasks",
        "level": "organisation",
        "ai_kind": "agents",
        "polarity": "opportunity",
        "title_da": "Opgaverne får nyt indhold",
        "title_en": "Tasks are redefined",
        "body_da": (
            "Først bruger vi ny teknologi inden for de eksisterende rammer. Siden opstår nye anvendelser, "
            "processer, produkter og forretningsmodeller. Hvilke opgaver kunne I gentænke helt?"
        ),
        "body_en": (
            "At first we use new technology within existing frameworks. Later come new uses, processes, products "
            "and business models. Which tasks could you rethink completely?"
        ),
        "chapter": "3",
        "questions": [1, 3],
    },
    {
        "key": "organisation-agents-acting-on-their-own",
        "level": "organisation",
        "ai_kind": "agents",
        "polarity": "opportunity",
        "title_da": "Agenter, der handler selv",
        "title_en": "Agents that act on their own",
        "body_da": (
            "AI-agenter handler mere selvstændigt og proaktivt og i samspil med andre systemer. I starten er de "
            "simple, og vi vil tøve med at give dem vigtige opgaver. Hvad vil I overlade til dem – og hvad ikke?"
        ),
        "body_en": (
            "AI agents act more autonomously and proactively and work with other systems. At first they will be "
            "simple, and we will hesitate to give them important tasks. What will you leave to them – and what "
            "not?"
        ),
        "chapter": "3",
        "questions": [2, 3],
    },
    # --- context / agents (chapter 3) ---
    {
        "key": "context-agents-pace-of-change",
        "level": "context",
        "ai_kind": "agents",
        "polarity": "risk",
        "title_da": "Et arbejdsmarked i hastig bevægelse",
        "title_en": "A labour market in rapid motion",
        "body_da": (
            "Det særlige ved AI er hastigheden. Den truer kompetenceudviklingen i uddannelse og efteruddannelse og "
            "kan skabe utryghed, når opgaverne skifter hurtigt. Hvordan holder I trit?"
        ),
        "body_en": (
            "What sets AI apart is its speed. It threatens skills development in education and further training "
            "and can cause insecurity when tasks change quickly. How do you keep pace?"
        ),
        "chapter": "3",
        "questions": [3, 4],
    },
    # --- individual / robots (chapter 3) ---
    {
        "key": "individual-robots-unhealthy-tasks",
        "level": "individual",
        "ai_kind": "robots",
        "polarity": "opportunity",
        "title_da": "Robotter tager de usunde opgaver",
        "title_en": "Robots take the unhealthy tasks",
        "body_da": (
            "Alsidige robotter kan løse opgaver, der er usunde for mennesker – i farlige miljøer eller med "
            "nedslidende arbejde. Hvilke opgaver ville du helst slippe for?"
        ),
        "body_en": (
            "Versatile robots can take on tasks that are unhealthy for people – in dangerous environments or in "
            "wearing work. Which tasks would you most like to be rid of?"
        ),
        "chapter": "3",
        "questions": [1, 4],
    },
    {
        "key": "individual-robots-learn-by-watching",
        "level": "individual",
        "ai_kind": "robots",
        "polarity": "opportunity",
        "title_da": "Robotter, der lærer ved at se på",
        "title_en": "Robots that learn by watching",
        "body_da": (
            "Alsidige robotter kan lære en opgave ved at se et menneske demonstrere den eller ud fra en "
            "beskrivelse af målet, så medarbejderne selv kan tilpasse dem. Hvilken rolle skal du have over for "
            "robotten?"
        ),
        "body_en": (
            "Versatile robots can learn a task by watching a person demonstrate it or from a description of the "
            "goal, so employees can adapt them themselves. What role should you have towards the robot?"
        ),
        "chapter": "3",
        "questions": [2],
    },
    # --- organisation / robots (chapter 3) ---
    {
        "key": "organisation-robots-broader-automation",
        "level": "organisation",
        "ai_kind": "robots",
        "polarity": "opportunity",
        "title_da": "Automatisering af flere fysiske opgaver",
        "title_en": "Automating more physical tasks",
        "body_da": (
            "Alsidige robotter kombinerer maskiner og AI og kan tilpasses skiftende behov. De kan automatisere "
            "langt flere fysiske opgaver end traditionelle industrirobotter. Hvor kunne det ændre jeres arbejde?"
        ),
        "body_en": (
            "Versatile robots combine machines and AI and can be adapted to changing needs. They can automate far "
            "more physical tasks than traditional industrial robots. Where could that change your work?"
        ),
        "chapter": "3",
        "questions": [1, 3],
    },
    {
        "key": "organisation-robots-collision-safety",
        "level": "organisation",
        "ai_kind": "robots",
        "polarity": "risk",
        "title_da": "Risiko for kollision og uheld",
        "title_en": "Risk of collisions and accidents",
        "body_da": (
            "Robotter, der bevæger sig frit uden afskærmning, kan vælte og ramme en medarbejder, hvis navigation "
            "eller objektgenkendelse fejler. Hvilke sikkerhedsprocedurer og nødstop skal være på plads?"
        ),
        "body_en": (
            "Robots that move freely without guarding can fall over and hit an employee if their navigation or "
            "object recognition fails. Which safety protocols and emergency stops must be in place?"
        ),
        "chapter": "3",
        "questions": [4, 5],
    },
    # --- group / robots (chapter 3) ---
    {
        "key": "group-robots-trust",
        "level": "group",
        "ai_kind": "robots",
        "polarity": "risk",
        "title_da": "Tillid til, hvordan robotterne bevæger sig",
        "title_en": "Trust in how robots move and act",
        "body_da": (
            "Når en robot begår fejl eller opfører sig uventet, kan tilliden forsvinde og give plads til frygt og "
            "modstand – som efter dårlige oplevelser med algoritmer. Hvad skal der til for at bevare tilliden?"
        ),
        "body_en": (
            "When a robot makes mistakes or behaves unexpectedly, trust can vanish and give way to fear and "
            "resistance – as after bad experiences with algorithms. What does it take to keep that trust?"
        ),
        "chapter": "3",
        "questions": [4, 5],
    },
]
