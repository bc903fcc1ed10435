"""English support-ticket templates for build_tickets.py: framing pools and
(product kind, template) lists per tier. Data, not logic."""

POOLS: dict = {}
CONTENT: dict = {}

POOLS["en"] = {
    "small_ctx_biz": ["I run a small {?bakery|design studio|physio practice|plumbing business} and use {product} for {?invoicing|bookings|the team's day-to-day stuff}.",
                      "The account was set up by my previous manager, who has since left, so I'm figuring things out on my own.",
                      "I'm the office manager at {company}, so billing questions land on my desk.",
                      "We only have {n} users, so nothing fancy."],
    "small_ctx": ["I've just come back from {?parental leave|a long holiday} and a lot seems to have changed in the app.",
                  "I'm travelling at the moment, so writing from my phone.",
                  "My {?son|daughter} usually helps me with this kind of thing but {?he's|she's} away this week.",
                  "I've been a customer for years and never had to do this before."],
    "greet": {
        "polite": ["Hi,", "Hello,", "Hi there,", "Hello {product} team,", "Good morning,", "Good afternoon,",
                   "Dear Support,", "Hi support,", "Hello team,", "Dear {product} support team,", "Hi all,"],
        "casual": ["hey", "hi!", "Hey folks,", "Hey there!", "hiya,", "Hi {product} people,"],
        "angry": ["", "Hello.", "To whom it may concern,", "Support,"],
    },
    "sign": {
        "polite": ["Thanks,\n{first}", "Thanks!", "Thank you,\n{fullname}", "Best regards,\n{fullname}",
                   "Kind regards,\n{fullname}\n{company}", "Cheers,\n{first}", "Many thanks in advance.",
                   "Thanks in advance,\n{first}", "Best,\n{first}", "Regards,\n{fullname}", "Thank you!\n{first}",
                   "--\n{fullname} | {company}"],
        "casual": ["thx", "cheers", "ty!", "thanks a ton", "- {first}"],
        "angry": ["I expect an answer today.", "Please fix this.", "Regards.", "Not impressed.",
                  "Waiting for a real answer this time.", "{fullname}"],
    },
    "pre": ["Hope you're having a good {weekday}!", "I've been using {product} since {year} and really like it.",
            "Sorry to bother you with what is probably a simple question.",
            "I'm not very good with computers so please bear with me.", "Quick one for you.",
            "My colleague said you'd be able to help.", "I hope this is the right place to ask.",
            "First time contacting support, so apologies if I'm in the wrong place.",
            "Hope all is well on your end.", "I tried looking in the help center but couldn't find it."],
    "post": ["No rush, whenever you get a chance.", "Thanks so much for your help!", "Appreciate it.",
             "Thanks in advance, you guys are great.", "Have a lovely day!",
             "If it's easier to call me, that's fine too.", "Sorry again for the basic question!"],
    "angry_pre": ["I've looked everywhere and can't find it.", "This should not be this hard.",
                  "Second time I'm asking this.", "Honestly getting frustrated.",
                  "Your help center is useless for this.", "I've been on hold for 25 minutes."],
    "mid_ctx": ["We're a {seats}-person team using {product} {?for client work|across two offices|since last year}.",
                "Some context: we moved to {product} from a competitor about {n} months ago.",
                "I manage the {product} account for {company}.",
                "Not a bug report exactly, more trying to understand the behaviour.",
                "Question about how {product} is supposed to work."],
    "r_open": [
        "We've been stuck on this for {?two days|most of the week|since {weekday}} and are out of ideas.",
        "Long message, sorry, but I'd rather give you everything up front.",
        "Not sure if this is on your side or ours, so here's everything I have.",
    ],
    "r_open_biz": [
        "Escalating this from our internal IT team, we've exhausted the obvious stuff.",
        "Posting on behalf of our dev team.",
        "This is a production issue for us.",
    ],
    "r_close": [
        "Happy to send full logs or jump on a call.",
        "Can this be escalated to someone on the engineering side?",
        "Any pointers appreciated, even just confirming whether this is a known issue.",
    ],
    "r_close_biz": [
        "This is blocking our {?month-end close|release|go-live on {weekday}}, so any help is appreciated.",
        "Let me know if you need a HAR file or more request IDs.",
        "We can give you temporary access to the environment if that helps.",
    ],
}

CONTENT["en"] = {
    "small": [
        ("any", "{?How do I reset my password? I {?forgot it|can't remember which one I used} and can't log in.|I'm locked out - forgot my password. How do I reset it?|Forgot my password again. Where is the reset link? The login page just says invalid credentials.}"),
        ("any", "{?I changed jobs and need to update the email on my {product} account to {email}. Where do I do that?|How can I change the email address I log in with? The new one would be {email}.|Please change my account email to {email}, or tell me where I can do it myself.}"),
        ("any", "{?Where can I update the credit card on file? {?My old one expired|My bank sent me a new card} and I don't want the next payment to fail.|Got a new card from my bank. How do I swap it in so my subscription keeps running?|How do I change the payment card on my account?}"),
        ("saas", "{?Can I download the invoice for {month}? I need it for {?my expense report|our accountant|the tax return}.|Where do I find last month's invoice? {?Accounting is chasing me for it.|Need it for expenses.}|Is there a PDF invoice for the {month} payment somewhere in my account?}"),
        ("saas", "{?How do I cancel my subscription? I don't see a cancel button {?anywhere|in the billing page}.|I want to cancel at the end of this billing period. What's the process?|Cancel my plan please. Or tell me where the button is hiding.}"),
        ("saas", "{?I'd like to switch from the {plan} plan to {plan2}. Can I do that myself or do you have to change it?|Can we move down from {plan2} to {plan}? When would the lower price kick in?|How do I upgrade to {plan2}?}"),
        ("store", "{?I returned order {order} {?last week|about ten days ago|on {date}}. When will the refund show up on my card?|You received my return for {order} on {date} according to tracking. How long until the money is back on my card?|Any update on the refund for order {order}? I sent it back {?two weeks ago|on {date}}.}"),
        ("any", "{?What are your support hours? Is anyone available on weekends?|Are you open on Saturdays? Need to know when I can call.|When can I reach someone by phone?}"),
        ("saas", "{?How do I add a new user to our team account? We just hired {?someone|a new designer|two people}.|Where do I invite a colleague? Can't find the option.|We have a new starter on {weekday}. How do I give her access to our workspace?}"),
        ("any", "{?Where is the setting to turn off email notifications? I get {?way too many|like 30 a day}.|How do I stop the daily summary emails?|Too many notification emails. How do I switch them off, or at least reduce them?}"),
        ("bank", "{?How do I change my card PIN in the {product} app?|Can I set a new PIN for my debit card through the app, or do I have to go to an ATM?|Forgot my card PIN. Can I see it or change it in the app?}"),
        ("bank", "{?Where can I download my statement for {month} as a PDF?|I need official bank statements for the last three months for a rental application. Where do I get those?|How do I get a stamped statement for {month}?}"),
        ("store", "{?Can I change the delivery address for order {order}? It hasn't shipped yet.|I put my old address on order {order}. Can you update it before it ships?|Wrong delivery address on my order ({order}). Is it too late to fix?}"),
        ("vpn", "{?How many devices can I use with one {product} subscription?|Can I use my {product} account on my laptop and my phone at the same time?|Is there a device limit on the family plan?}"),
        ("game", "{?I got a new phone. How do I move my {product} progress over from the old one?|How do I transfer my {product} save to a new device? Don't want to start from level 1 again.|Switching from Android to iPhone - will my {product} progress come with me?}"),
        ("any", "{?Is there a dark mode?|Any chance of a dark theme? Couldn't find it in settings.|How do I switch the app to dark mode?}"),
        ("any", "{?How do I turn on two-factor authentication for my account?|Where do I set up 2FA? Our IT requires it now.|Can I use an authenticator app for two-step login instead of SMS?}"),
        ("saas", "{?Do you offer a discount for {?nonprofits|students|educational institutions}?|We're a registered charity. Is there a nonprofit price?|Is there an education discount? I'm a teacher.}"),
        ("saas", "{?Where do I enter our VAT number so it shows up on the invoices?|Our invoices are missing our VAT ID. How do I add it?|Can you add our tax number to future invoices? Or is there a field for it?}"),
        ("any", "{?How do I delete my account {?and all my data|permanently}?|Please close my account. I won't be using it anymore.|I want my account and personal data deleted. What do I need to do?}"),
        ("store", "{?What's your return window? I bought {?a jacket|shoes|a backpack} on {date} and {?it doesn't fit|I changed my mind}.|How many days do I have to return something? The {?boots|sweater} I got don't fit.|Can I still return an item I bought on {date}?}"),
        ("bank", "{?I think I lost my card. How do I freeze it in the app until I find it?|How do I temporarily block my card? Might have left it at a restaurant.|Card missing. Quickest way to lock it?}"),
        ("crm", "{?How do I import contacts from a CSV file into {product}?|Can I bulk-upload leads from a spreadsheet?|What format does the contact import need? I have an Excel file.}"),
        ("any", "{?Can I change the interface language to {?Spanish|German|French|Portuguese}?|Is the app available in other languages? My colleague prefers {?Spanish|Italian}.}"),
        ("saas", "{?Is it possible to pay yearly instead of monthly? Is it cheaper?|How much do we save with annual billing, and how do I switch?}"),
        ("any", "{?I never got the verification email. Could you resend it to {email}?|The confirmation link never arrived (checked spam). Can you send it again?|Signed up an hour ago, still no activation email. My address is {email}.}"),
        ("vpn", "{?Where do I find my license key? I need to activate {product} on my new laptop.|Lost my activation code for {product}. Can you send it again?}"),
        ("store", "{?Do you ship to {country}? And roughly how long does it take?|What does shipping to {country} cost?|Can I order from {country} or is it only domestic?}"),
        ("saas", "{?How do I remove a user who left the company? Don't want to keep paying for their seat.|One of our team members left. How do I deactivate her account?|Need to remove an ex-employee's access today. Where's that done?}"),
        ("any", "{?How can I change my username?|Is it possible to change my display name? It still shows my maiden name.}"),
        ("saas", "{?When does my free trial end? I can't see the date anywhere.|How many days are left on my trial, and what happens when it runs out?|Will I be charged automatically when the trial ends?}"),
        ("store", "{?Can I use two discount codes on the same order?|The checkout only takes one promo code. Is there a way to stack them?}"),
        ("bank", "{?What is the daily transfer limit, and where do I change it?|I need to send a larger amount than usual this week. How do I raise my transfer limit?|Can I increase my card's ATM withdrawal limit in the app?}"),
        ("game", "{?How do I link my {product} account to Google Play so I don't lose my progress?|How do I connect {product} to my Game Center account?}"),
        ("any", "{?Where do I change my time zone? All the times show up in UTC.|The times in my account are off by {?one hour|several hours}. How do I set my time zone?}"),
        ("saas", "{?I was charged twice this month, {amount} on {date} and again the next day. Can you refund one of them?|Looks like a double charge on my card: two payments of {amount}. Please refund the duplicate.}"),
        ("store", "{?Where is my order {order}? Tracking hasn't updated in {n} days.|My package ({order}) still says 'label created'. When will it ship?|Order {order} was supposed to arrive {?yesterday|on {date}}. Any news?}"),
        ("any", "{?Can I export my data before I cancel?|Is there a way to download everything I've stored before closing my account?}"),
        ("crm", "{?How do I change the owner of a deal?|Can I reassign all of a salesperson's contacts to someone else at once? She's leaving.}"),
        ("vpn", "{?How do I choose a specific server country in the app?|Can I pick the server location myself or is it always automatic?}"),
        ("any", "{?Do you have a phone number I can call?|Is there phone support, or only chat and email?}"),
        ("saas", "{?Can I pause my subscription for {n} months instead of cancelling?|Our business is seasonal. Can we put the account on hold over the winter without losing our data?}"),
        ("bank", "{?How do I add my card to {?Apple Pay|Google Pay}?|Does the {product} card work with {?Apple Pay|Google Pay}? How do I set it up?}"),
        ("db", "{?How do I invite a teammate to our {product} project with read-only access?|Can I give our analyst read-only access to the database console?}"),
        ("db", "{?Where can I see how much we've been billed so far this month?|Is there a page that shows current month-to-date costs?|Can I set a budget alert so I get an email when we pass {amount2}?}"),
        ("any", "{?Is there an Android app or only iPhone?|Do you have a desktop app for Mac, or is it browser only?}"),
        ("saas", "{?How do I change the billing email so invoices go to {email} instead of me?|Please send our invoices to {email} from now on. Can I set that myself?}"),
        ("store", "{?Can I still cancel order {order}? I placed it {?an hour ago|this morning} by mistake.|Ordered the wrong size by accident ({order}). Can I cancel before it ships?}"),
        ("any", "{?Please unsubscribe me from the marketing newsletter.|How do I stop the promotional emails? I only want receipts.}"),
        ("game", "{?How do I turn off in-app purchases on my kid's phone for {product}?|My son spent {amount} on gems without asking. Can I set a purchase limit or a password?}"),
        ("mail", "{?How do I add a logo to my email templates in {product}?|Where do I change the sender name on my campaigns?|How do I send a test email to myself before the real send?}"),
        ("sync", "{?How do I share a folder with someone who doesn't have a {product} account?|Can I send a download link that expires after a week?}"),
        ("bank", "{?How do I update my home address in the app? I moved last month.|I moved house. Where do I change my address so the new card goes to the right place?}"),
        ("saas", "{?Can I get a receipt for invoice {invoice}? Finance needs it stamped as paid.|Invoice {invoice} says 'due' but I paid it on {date}. Can you send a paid receipt?}"),
        ("saas", "{?We're closing the books for {month} and our accountant wants every invoice from the last twelve months. Is there a way to download them all at once, or do I have to go through each month one by one?|Our auditor needs all invoices from last year. Is there a bulk download, or a yearly statement I can send instead?}"),
        ("bank", "{?My mum is {?78|82} and wants to stop getting paper statements in the post, but she isn't comfortable with apps. Can she switch to e-statements from the website instead, and where exactly is that option?|How do I stop paper statements? I'd rather have everything by email.}"),
        ("store", "{?I ordered a birthday present (order {order}) and wanted it gift-wrapped with a little note, but I only saw the option after paying. Can you still add gift wrapping? Happy to pay the difference.|Can I add a gift receipt to order {order}? It's a present and I don't want the price in the box.}"),
        ("saas", "{?How do I change our company name on the account? We rebranded.|Where do I update the billing address that appears on our invoices?}"),
        ("vpn", "{?Do you have a money-back guarantee? I signed up {n} days ago and it's not for me.|How do I get a refund for my {product} subscription? I bought the wrong plan yesterday.}"),
        ("crm", "{?How do I add a custom field to contacts, like 'customer since'?|Can I rename the deal stages in the pipeline?}"),
    ],
    "mid": [
        ("sync", "{?When I edit a file on my laptop while offline and a colleague edits the same file in the web app, {product} ends up creating a \"conflicted copy\". Why doesn't it merge the changes? And can I set it so one side always wins?|We keep getting \"conflicted copy\" files in shared folders. As far as I can tell it happens when someone works offline and another person edits the same document online. Is there no merging at all for office documents? Could we tell {product} to always keep the newest version instead?}"),
        ("saas", "{?Our monthly report shows {n2} completed tasks for {month}, but exporting the same filter to CSV gives me noticeably fewer rows. Are archived tasks counted in the report but left out of the export? Which number should I trust?|The dashboard and the CSV export disagree: same filter, same month, but the export has fewer completed items than the report widget. Does the export skip archived or deleted projects? I need to know which one to use for our client billing.}"),
        ("crm", "{?We have two pipelines in {product}, one for new business and one for renewals. If a deal is moved from one to the other, does its activity history follow it, and does it still count towards the first pipeline's win rate? Trying to understand why our win rate jumped last month.|When a deal moves from our 'New business' pipeline into 'Renewals', what happens to the win-rate stats? Last month our new-business win rate went up a lot and I suspect moved deals are being counted as won there. Is that how the reporting works?}"),
        ("saas", "{?Does the {plan} plan support SSO with {idp}, or do we need {plan2} for that? We're {seats} people and really only need SSO, none of the other enterprise features.|We need {idp} single sign-on for compliance reasons. Is that possible on {plan}, or is it only on {plan2}? If it's only the bigger plan, is there an add-on instead? We're only {seats} users.}"),
        ("saas", "{?I set up auto-assignment in round-robin mode, but one person gets way more than the others. Does round-robin skip people marked as away? And does the rotation reset every day or keep going?|Our round-robin assignment isn't very round: out of the last {n2} requests, one agent got almost half. Does the rotation take working hours or 'away' status into account, and is there any weighting we might have turned on by accident?}"),
        ("db", "{?Our {product} storage keeps growing even though we delete old rows every night. Does deleting actually free the space, or does some vacuum/compaction have to run first? Our bill went from {amount} to {amount2} and I'd like to understand why.|We purge old events every night, but the storage graph only ever goes up. Is deleted data still billed until something compacts it? If so, can we trigger that ourselves? Storage is now the biggest part of our bill.}"),
        ("store", "{?I have a monthly subscription box with you and also placed a separate one-off order. Can the two be shipped together? And if I skip next month's box, does my subscriber discount still apply to the one-off order?|If I pause my subscription box for a month, do I keep the subscriber discount on regular orders during that month? And is there a way to add extra items to the next box instead of paying shipping twice?}"),
        ("bank", "{?I set up a recurring transfer on the 31st. In months with 30 days it went out on the 1st of the next month instead of the 30th. Is that how it's meant to work? It messes up my rent payment.|My standing order is set for the last day of the month, but in {month} it was sent on the 1st of the following month. Is 'last day' handled as the 31st? Should I set it to the 28th to be safe?}"),
        ("vpn", "{?I enabled split tunneling in {product} so only my browser goes through the VPN, but my banking app still seems to be routed through it. Does split tunneling work per app on {os}, or only by IP range? And does the kill switch override it?|With split tunneling on, apps I excluded still show the VPN's IP address. Is split tunneling supported on {os} at all? I'm wondering if the kill switch or the 'block LAN' option is overriding it.}"),
        ("game", "{?If I play {product} on both my tablet and my phone with the same account, which progress wins when they sync? I lost about two days of progress on the tablet after playing on the phone.|How does {product} decide which save to keep when I play on two devices? My tablet had a newer save but when I opened the game on the phone it loaded an older one and overwrote everything.}"),
        ("saas", "{?Our team is spread over three time zones. When someone in {city} sets a due date, colleagues elsewhere see it as the day before. Are due dates stored in the creator's time zone? Is there a workspace-wide setting for this?|Due dates shift by a day for some of our people. I'm in {city}, my colleague is in Vancouver, and a task due Friday shows as Thursday for her. Is a due date a date or a timestamp in {product}? Can we force all dates to the same time zone?}"),
        ("crm", "{?The Outlook integration logs emails we send to contacts, but replies only get logged sometimes. Is there a rule for which replies are matched, like same thread only or only if the contact's address matches exactly?|Email sync records every email we send from Outlook, but only about half of the replies show up in the contact timeline. Do replies have to come from the exact address on the contact? Some of our customers reply from a different alias.}"),
        ("saas", "{?We'd like our external accountant to see invoices and nothing else. Can a guest role be limited like that on {plan}, or are custom roles only on a higher tier?|Is it possible to create a role that can only see the billing section? Our bookkeeper needs invoices but shouldn't see projects or client data. We're on {plan}.}"),
        ("any", "{?Your API docs say the limit is {n2} requests per minute. Is that per API key or per workspace? We run two integrations with separate keys and they seem to throttle each other.|Do rate limits apply per token or per account? Ever since we added a second integration, our first one hits 'too many requests' during the day, even though its own volume didn't change.}"),
        ("sync", "{?If I share a folder with a client via a public link and then move that folder inside another folder, does the link keep working? Do the link permissions get inherited from the new parent?|Do public links survive renaming or moving a folder? We reorganised our structure and a few clients say their links now ask them to log in.}"),
        ("db", "{?We're thinking of going from the {plan} tier to {plan2}. Would a read replica help with reporting queries slowing down the main app, or is it smarter to just run reports at night? Our daytime load is mostly reads.|Our BI tool runs heavy queries during the day and the app gets slow when it does. Is a read replica the right answer here, and is replication lag something we'd notice on dashboards? Which tier includes replicas?}"),
        ("saas", "{?Since version {ver} the timeline view hides tasks that have no start date. Was that intentional? A lot of our tasks only have a due date and now they're invisible there.|After the {ver} update, tasks without a start date disappeared from the timeline. Is there a view setting to show them again (e.g. as a single-day bar on the due date), or do we need to add start dates to everything?}"),
        ("store", "{?I bought something in your sale and a week later the price dropped again. Do you do price adjustments, and does that still work if part of the payment was a gift card?|Do you have a price match policy? I paid full price on {date} and it's now {pct}% off. I partly paid with store credit, not sure if that changes anything.}"),
        ("bank", "{?When I export transactions to CSV, pending ones don't appear, even though the app shows them. Then the following week they show up with a different date than the app had. Which date does the export use, booking date or value date?|My accounting software doesn't match the app: card payments show one date in the app and another in the CSV export. Is the export using the settlement date? And why are pending transactions missing from it?}"),
        ("crm", "{?We imported {n2} contacts and the deduplication merged some people who share a generic address like info@ or office@. How does {product} decide something is a duplicate, and can we change it to match on email plus company?|The duplicate detection merged contacts that are clearly different people, they just share a reception email address. What fields does the duplicate check use, and can we exclude generic addresses from it?}"),
        ("any", "{?About webhooks: if our endpoint is down for a few minutes, do you retry, and for how long? Also, are events delivered in order after a retry? We saw an 'updated' event arrive before the 'created' one.|How does webhook delivery behave when our receiver returns errors for a while? Do you queue and retry, and is ordering guaranteed? We'd like to know whether we need to handle out-of-order events ourselves.}"),
        ("saas", "{?Recurring tasks: if I finish this week's instance late, the next one gets scheduled from the completion date instead of the original schedule. Is there a way to keep it fixed to every {weekday}?|Why does the next occurrence of a recurring task move when I complete the current one late? I want our weekly report task to always be due on {weekday}, no matter when the previous one was ticked off.}"),
        ("game", "{?I'm in a guild in {product} and the weekly chest rewards look uneven. Is the share based on this week's contribution or total contribution since joining? I contributed more than most but got less.|How is guild chest loot split? Two people who joined this week got more than me, and I've been in the guild since {year}.}"),
        ("vpn", "{?Can I run {product} on my router and still use the app on my phone at the same time? Would that count as two devices, and would the double VPN cause problems when I'm at home?|If I install {product} on my router, do all devices behind it count as one connection? And should I turn the app off on my laptop when I'm at home, or is VPN-inside-VPN fine?}"),
        ("db", "{?Backups are set to daily, but point-in-time restore only goes back {n} days. Is retention separate from backup frequency? If we upgrade the plan, do we get the longer retention for backups that already exist?|How do snapshot backups and point-in-time recovery relate in {product}? We can see {n} days of PITR but older daily snapshots. Could we restore a specific hour from two weeks ago, or only the snapshot?}"),
        ("saas", "{?When I filter the dashboard by 'Last 30 days', the numbers don't match what I get by picking the exact dates by hand. Does 'last 30 days' include today? Is it rolling?|The 'This month' filter and a manual date range for the same month give different totals. Is one of them using UTC and the other my local time?}"),
        ("store", "{?Loyalty points from an order I partially returned were taken back, but the points I had spent on that order weren't credited back. How are points handled with partial returns?|How do loyalty points work when part of an order is returned? I lost the points for the returned item, which makes sense, but the {n2} points I redeemed on the order are gone too.}"),
        ("sync", "{?Does selective sync work together with files-on-demand on {os}? With both turned on, some folders show as synced but the files inside are just placeholders.|On {os}, what's the difference between excluding a folder via selective sync and setting it to online-only? I'm trying to free disk space without breaking the shortcuts people use.}"),
        ("crm", "{?Our 'New deal' trigger in Zapier fires for deals created through the API but not for deals created by converting a lead. Is a converted lead not treated as a new deal?|Converting a lead into a deal doesn't seem to fire the 'deal created' webhook. Is conversion a separate event type? Our onboarding automation depends on it.}"),
        ("saas", "{?We're on {plan} with {seats} seats. If I deactivate a user mid-month, is the seat credited pro rata or only at renewal? And can I give that seat to someone else straight away without being charged again?|How does seat billing work when people come and go? If I remove someone on the 10th and add a new person on the 20th, do we pay for one seat or two that month?}"),
        ("saas", "{?We want to use {product} with our own team and a few freelancers. What exactly can a guest see in shared projects compared to a member? We don't want freelancers seeing the budget fields.|Are custom fields visible to guests? We store rates and budgets in custom fields and we're about to invite external contractors into a few projects.}"),
        ("bank", "{?My partner and I have a joint account. If I set a spending limit on my card in the app, does it limit their card too or is it per card? And do the notifications go to both of us?|On a joint account, are card settings like online payments on/off and limits shared between both cards, or set per card holder?}"),
        ("db", "{?Does the {product} connection pooler support prepared statements in transaction mode? Our ORM uses them and we're not sure whether we have to switch to session mode.|We're moving our app to serverless functions and expect lots of short-lived connections. Is the built-in pooler the intended solution, and what do we lose in transaction mode (prepared statements, advisory locks, LISTEN)?}"),
        ("any", "{?I got 'Quota exceeded' when uploading attachments, but the usage page says we're only at {pct}% of our storage. Is there a separate per-file or per-day limit I'm hitting?|Uploads fail with a quota message although we're well below our storage limit. Is there a per-user or per-file cap separate from the workspace total?}"),
        ("saas", "{?If I duplicate a project, are the automations and integrations copied as well? After duplicating, the Slack notifications for the new project went to the old project's channel.|What does 'duplicate project' actually copy? Tasks and fields came over, but our automations didn't, and one integration seems to point to the original project.}"),
        ("store", "{?We'd like to order for our office on net-30 invoice terms. Is that possible with a business account, and can several colleagues order on the same account against a shared budget?|Can a business account have several buyers with their own logins but one invoice at the end of the month? We're setting up ordering for {n} departments.}"),
        ("game", "{?Does the daily login reward reset at midnight in my time zone or on server time? I keep losing my streak even though I log in every evening here in {city}.|What time does the daily reset happen? Events seem to end at random times for me in {city}, and I missed the last day of the event because of it.}"),
        ("vpn", "{?Why is my connection much slower on the {?Frankfurt|Amsterdam|London} servers than on others, even though they're the closest to me? Does the protocol (WireGuard vs OpenVPN) make a difference for that?|Speeds with {product} vary massively by time of day, from fast in the morning to barely usable at night. Is that server load? Would switching protocol or picking a less popular server help?}"),
        ("mail", "{?If a contact unsubscribes from one of our lists in {product}, are they removed from all lists or just that one? And do automated sequences they're already in keep sending?|How do unsubscribes interact with automations? Someone unsubscribed from our newsletter but still got the next two emails from a welcome sequence.}"),
        ("mail", "{?Our open rates dropped from around {pct}% to almost half after we switched to the new editor. Does the new editor change how tracking pixels are added, or is this more likely a deliverability thing?|Since Apple's privacy changes, our open rates look inflated. Does {product} filter machine opens, and is there a way to see clicks-only engagement for segmentation?}"),
        ("bank", "{?I paid for a hotel abroad in local currency and the amount in the app changed two days later when it was booked. Which exchange rate do you use, the one at payment time or at booking time? And is the FX fee calculated on the first or the final amount?|When I pay in a foreign currency, the card terminal offered to charge me in euros or in local currency. Which option is cheaper with {product}, and does your FX fee still apply if I choose euros?}"),
        ("saas", "{?We have two workspaces in {product}, one for our main office and one for {city}, and more and more people work across both. If we merge them, what happens to users who are in both, do they end up with duplicate accounts? Do project IDs change (we link to them from our wiki)? And would the combined workspace have to be on {plan2}, or can we stay on {plan} if the seat count stays the same? I'd like to understand the consequences before we ask for the merge.|We're thinking of splitting our single workspace into two (one per business unit). Can projects be moved between workspaces with their history, comments and attachments intact? What happens to people who need access to both, do they pay twice? And do integrations like our calendar sync need to be set up again in the new workspace?}"),
        ("crm", "{?Since version {ver} of the mobile app, calls made from the app are logged twice: once when the call starts and once when it ends. Colleagues using the desktop dialer don't have this. Is it related to the new 'log calls automatically' setting? If I switch that off, does manual logging still attach the recording? Our activity reports are inflated right now, so I'd also like to know whether the duplicates get cleaned up automatically or whether we have to delete them ourselves.|Our activity report counts meetings booked through the scheduling link twice: once as 'meeting booked' and once when the calendar event syncs. Is there a setting that decides which of the two counts as the activity? I'd rather not build a custom report just to dedupe them, and the numbers go into our sales bonuses.}"),
        ("db", "{?We'd like to move our {product} instance from {region} to a region closer to our users. Is that a migration you do for us, or do we create a new instance and restore a backup? Roughly how long would writes be unavailable for a database of about {gb}0 GB? And do the connection strings change, or is there a stable hostname we can keep using?|We need to upgrade our {product} instance to a new major Postgres version. Is that an in-place upgrade with downtime, or do we have to set up a new instance and migrate? Will extensions like pg_trgm and PostGIS carry over, and is there a way to test the upgrade on a copy first?}"),
    ],
    "reasoning": [],
}

CONTENT["en"]["reasoning"] = [
    ("db", """{?Our Python workers started failing against our {product} Postgres instance ({region}) right after we upgraded SQLAlchemy and deployed a new version of the {svc} service. Under normal load everything is fine, but during the nightly batch we get this:|Since the {svc} release on {weekday} (which also bumped SQLAlchemy to 2.x), our nightly batch against {product} dies with pool timeouts. Daytime traffic is unaffected. Trace:}

{art_py_pool}

{?And in the {product} console the connection count sits at the maximum for our tier at the same time.|At the same moment the {product} metrics page shows active connections flat at our tier's maximum.}

What we already tried:
1. Raised pool_size to 20 and max_overflow to 20 -> the error went away, but then the database started rejecting connections ("remaining connection slots are reserved").
2. Put your built-in pooler in front (transaction mode) -> prepared statements broke, see our other ticket.
3. Reduced the number of worker processes from {n} to 4 -> the batch now takes almost {hours} hours.
4. Added pool_recycle=300 in case of stale connections -> no visible change.

{?Questions: is there a hard connection limit per tier that isn't on the pricing page? Should we be using the pooler in session mode instead? And is it possible that idle connections are not being closed on your side after a failover?|What is the real connection limit on our tier, and does it include connections held by your pooler? Would session mode avoid the prepared-statement problem? We also had a failover on {date}; could connections from before that still be hanging around on your side?}"""),
    ("saas", """{?Since we upgraded our webhook forwarder from Node 16 to {node_ver}, roughly {pct}% of the calls to the {product} API fail with ECONNRESET. Nothing changed in our code except the Node version and the base Docker image.|After moving our forwarder service to {node_ver} (from 16), calls to the {product} API intermittently die with ECONNRESET - about {pct}% of them. The code is identical, only the runtime and base image changed.}

{art_node_reset}

{?It only happens when the service has been idle for a bit - the first request after a pause of ~5 seconds or more fails, the next one works.|The pattern: the first call after a few seconds of inactivity fails, the immediate retry succeeds.} I already tried:
- setting keepAlive: true on the https.Agent (made it worse)
- keepAlive: false (fixes it but latency goes up by about 150 ms per call)
- adding retries with exponential backoff (works, but it hides the problem and we get duplicate events sometimes)
- pinning the older base image with Node 16 (error disappears, so it's clearly the runtime)

{?Is your load balancer closing idle keep-alive connections after some timeout? If so, what is it, so we can set our agent's freeSocketTimeout below it? And are POST /v2/events calls idempotent if we retry them?|What idle timeout does your edge use for keep-alive connections? Node 19+ enables keep-alive by default, so I suspect we're reusing sockets you already closed. Also, can we send an idempotency key with POST /v2/events so retries don't create duplicates?}"""),
    ("saas", """{?We self-host {product} ({ver_new}) behind nginx on a single VM. Since upgrading from {ver_old} to {ver_new} last {weekday}, users randomly get 502 Bad Gateway, mostly when opening large projects or when the sync runs.|Self-hosted {product} here, single VM with nginx in front. The upgrade from {ver_old} to {ver_new} went through fine, but since then people get 502s, mostly on big projects and while the sync job is running.}

nginx error log:
{art_nginx_502}

Relevant part of our config:
{art_nginx_conf}

Steps we took so far:
1. Increased proxy_read_timeout to 300s - no change, the 502s happen within a few seconds, not after a timeout.
2. Checked the app container, it restarts about every {minutes} minutes (exit code 137) which lines up with the "connection refused" lines.
3. Gave the VM {gb} GB more RAM. Restarts became less frequent but didn't stop.
4. Set the worker count back to the value we had before the upgrade.

{?Did {ver_new} change the default memory settings or the number of worker processes? Is there a recommended setting for projects with more than {n3} items? Rolling back is an option but the migration ran already, so we'd rather not.|Exit code 137 looks like the OOM killer, so: does {ver_new} need more memory per worker than {ver_old}? What sizing do you recommend for about {n3} items per project? And if we have to roll back, is the database migration reversible?}"""),
    ("saas", """{?Our {product} connector job against Oracle fails every run since {date}. Error:|Since {date} every run of the {product} Oracle connector ends with this:}

{art_java_ora}

Config (passwords removed):
{art_connector_yaml}

{?The weird part: the table definitely exists. When I log in as ETL_READER in SQL Developer I can run SELECT * FROM {schema}.INVOICE_LINES without problems. INVOICES and CUSTOMERS sync fine, only INVOICE_LINES fails.|The table is there - logged in as ETL_READER I can query {schema}.INVOICE_LINES from SQL Developer just fine. The other two tables in the same job sync without errors.}

Things I checked:
- grants: ETL_READER has SELECT on all three tables (checked in ALL_TAB_PRIVS)
- there was a schema change on our side on {date}: INVOICE_LINES was recreated through a migration script, so the grant may have been re-applied to a role instead of the user directly
- restarted the connector, cleared its state, same error
- synonyms: there's no private synonym for ETL_READER, the job uses the schema prefix

{?Does the connector use role-based grants, or does it need a direct grant? And does it cache table metadata anywhere that needs to be reset after a table is recreated?|Roles aren't active inside definer-rights PL/SQL, so: does the connector call a stored procedure under the hood that would ignore role grants? And is there a metadata cache we should reset after recreating a table?}"""),
    ("saas", """{?Our Java integration stopped working this morning. All calls to {api_host} fail with:|Since about 8am every request our Java service makes to {api_host} fails the TLS handshake:}

{art_java_pkix}

{?We run on Java {java_ver}, behind a corporate proxy that does TLS inspection. Nothing changed on our side as far as I know, but I noticed your certificate was renewed yesterday and now seems to be issued by a different CA.|Environment: Java {java_ver}, outbound traffic goes through a TLS-inspecting proxy. We didn't deploy anything, but your certificate was renewed yesterday and the issuer looks different now.}

What I've tried:
1. Imported your new certificate into the JVM cacerts with keytool -> same error
2. Imported our proxy's root CA as well -> same
3. Pointed -Djavax.net.ssl.trustStore at a custom truststore containing both -> now it fails with "Received fatal alert: handshake_failure" instead
4. curl from the same server works fine (but curl uses the OS store, not Java's)

{?Did you change the certificate chain (intermediate) or the allowed cipher suites? Our security team needs to know exactly what to whitelist on the proxy before they touch anything.|Can you tell us the full new chain and whether you dropped any TLS 1.2 cipher suites with the renewal? Our security team won't change the proxy rules without an exact list.}"""),
    ("saas", """{?The {product} sync agent we run in Kubernetes is stuck in CrashLoopBackOff since we upgraded the Helm chart to {ver_new}.|After bumping the {product} Helm chart from {ver_old} to {ver_new}, the agent pod never becomes ready - it's crash-looping.}

{art_k8s_pods}

Our values for the container:
{art_k8s_yaml}

{?We doubled the memory limit once already and it just takes longer before it gets OOMKilled. The agent logs show it reaches "loading full index ({n2} objects)" every time right before it dies. With {ver_old} it ran for months with the same limits.|Doubling the memory limit only delays the OOMKill. The last log line before each crash is "loading full index ({n2} objects)". On {ver_old} the same limits were fine for months.}

1. Does {ver_new} load the full index into memory on startup now, instead of paging like before?
2. Is there an env var to force the old incremental mode?
3. Would lowering AGENT_CONCURRENCY help, or is memory usage independent of it?
4. How much memory per million objects should we plan for going forward?"""),
    ("saas", """{?I'm trying to verify your webhook signatures and it fails every single time, even though the secret is correct (copied it twice from the dashboard).|Webhook signature verification never succeeds for us. The secret is right, I've copied it from the dashboard twice.}

My handler:
{art_flask_hmac}

Log output:
{art_hmac_log}

{?I noticed the header value starts with "sha256=" but even after stripping that prefix it doesn't match.|Even with the "sha256=" prefix removed, the digests differ.} I also tried:
- using the secret as hex-decoded bytes instead of the raw string
- hashing with SHA-1 in case the docs are outdated
- rotating the secret and sending a test event
- comparing in lowercase/uppercase hex

{?Am I supposed to compute the HMAC over the raw request body instead of the parsed JSON? If yes, does Flask's get_json() change the bytes (key order, whitespace, unicode escaping)? Is there a reference implementation in Python somewhere?|My suspicion is that re-serialising the JSON changes the bytes. Should the signature be computed over request.get_data() exactly as received? Does the signed payload include a timestamp prefix? A short Python example in the docs would save people a lot of time.}"""),
    ("crm", """{?Our integration with {product} keeps losing its authorization every few days. The refresh call returns:|Every few days our {product} connection breaks and users have to re-authorize. The token refresh fails with:}

{art_oauth_json}

{?We run {n} instances of our backend behind a load balancer, and each one refreshes the token when it gets a 401. I suspect two instances refresh at the same time and one of them invalidates the other's refresh token, but I'm not sure how your refresh token rotation works.|There are {n} backend instances behind a load balancer and any of them may refresh when it sees a 401. My theory is a race: two refreshes at once, one invalidates the other. But I don't know your rotation rules.}

Things we tried:
- storing the tokens in Redis instead of in memory, so all instances share them - still happens, maybe less often
- refreshing proactively 5 minutes before expiry from a cron job - helped for a week, then failed again over a weekend
- re-authorizing the app manually, which works until the next failure
- adding a distributed lock around the refresh - too early to tell

{?Questions: Are refresh tokens single-use? Is there a grace period where the old refresh token still works after rotation? And is there any way to see in your audit log which client invalidated the token?|Are refresh tokens rotated on every use? If yes, is there a reuse window? Could a refresh token be revoked for other reasons, for example when a user changes their password or an admin edits app permissions? Your audit log doesn't show token events for us.}"""),
    ("saas", """{?SSO with {idp} broke for part of our users after we migrated to a new IdP tenant on {date}. About half of the people can log in, the others land on an error page.|On {date} we moved to a new {idp} tenant, and since then SSO into {product} only works for roughly half of the company.}

From your audit log:
{art_saml_log}

What we've done:
1. Re-uploaded the new IdP metadata in {product} admin -> some users started working
2. Synced the clock on our ADFS proxy, the skew warning went away for a day and came back
3. Compared working vs failing users: the failing ones all have bookmarks to the old login URL and start IdP-initiated login
4. Cleared cookies for one failing user - works once, fails again next morning

{?Could the Audience mismatch be caused by the tenant-specific entity ID? We never changed that setting, but maybe the migration switched it. And how do we support both IdP-initiated and SP-initiated login at the same time without the InResponseTo error?|Which entity ID is {product} expecting for our account, the generic or the tenant-specific one? Can it accept both during the transition? And is there any clock-skew tolerance setting on your side?}"""),
    ("mail", """{?Since {date} almost all of our campaigns from {product} to Gmail addresses bounce. Bounce message:|Gmail started rejecting nearly everything we send through {product} on {date}:}

{art_bounce}

DNS records as they are now:
{art_dns_mail}

What we've checked and tried:
- SPF includes your domain (we added it back in {month})
- DKIM: the setup wizard told us to create a CNAME for {selector}._domainkey, which we did, but as you can see the TXT lookup returns nothing. Our DNS provider flattens CNAMEs, could that be it?
- We set the DMARC policy to p=reject two weeks ago because of a spoofing incident. Before that everything was delivered.
- Sent a test to a Gmail address: "Authentication-Results" shows dkim=fail, spf=pass, but spf passes for your bounce domain, not ours, so alignment fails.

{?How do we get SPF or DKIM aligned with our own domain? Do we need a custom return-path? We cannot relax the DMARC policy again.|What's the correct way to get DKIM signing with our own domain on {product}? Is a custom bounce domain available on our plan? Relaxing DMARC isn't an option for us.}"""),
    ("sync", """{?The {product} desktop installer fails on all our managed Windows laptops (deployed via Intune), but works on machines where the user is a local admin.|We can't roll out the {product} desktop client through Intune: on managed laptops the installer aborts, on machines with local admin it works.}

Installer log:
{art_win_installer}

Tried so far:
1. Running the setup "as administrator" manually on one machine - it works there, but we can't do that on {seats} laptops.
2. Deploying the MSI directly instead of the exe bootstrapper, with ALLUSERS=1 - fails with error 1925.
3. Excluding C:\\Program Files\\{product} from Defender - no change.
4. Installing per-user (ALLUSERS=2, MSIINSTALLPERUSER=1) - installs, but then the auto-updater throws 0x80070005 on the next update.

{?Is there a supported way to deploy system-wide via Intune? Does the updater require admin rights every time, and if so, is there a way to disable it and push updates ourselves?|Do you publish an enterprise MSI for system context deployment? And can the auto-updater be disabled by policy or registry key so we can ship updates ourselves?}"""),
    ("vpn", """{?{product} connects fine at home but fails on our office network, and I can't figure out why.|At home {product} connects instantly. In the office it never gets past the handshake.}

Client log from the office:
{art_wg_log}

What I already tried:
- switching the protocol manually to OpenVPN UDP and TCP, both time out
- different servers ({vpnnode} and two others), same result
- lowering the MTU to 1280 in advanced settings
- hotspot from my phone while at the office: works instantly

{?Our IT says they don't block VPNs, but they do have a firewall with "application control". Which ports and domains does the client need besides 51820/UDP and 443/TCP? Does the app contact an API before connecting (for keys or server lists) that might be getting blocked? I'd like to send them an exact list.|Our network team insists nothing is blocked, although their firewall does deep packet inspection. Can you give me the full list of ports, protocols and hostnames the client needs, including anything it contacts before the tunnel (auth, server list)? And is there an obfuscation/stealth mode for networks like this?}"""),
    ("game", """{?{product} crashes every time I open the inventory since the update to {app_ver}. It started right after the update, before that it was fine.|Since patch {app_ver}, {product} closes itself whenever I open my inventory.}

Device: {phone}, {android}

{?I connected it to my PC and got this from logcat:|My friend helped me pull the crash from logcat:}
{art_android_npe}

Steps to reproduce:
1. Launch the game and log in
2. Tap the bag icon (inventory)
3. Scroll down to the bottom of the list
4. Crash to home screen

{?Already tried: clearing the cache, reinstalling, logging out and in. My friend has the same phone and doesn't crash, but she has fewer items. I have a lot of event items from last season, could one of those be broken? I don't want to lose them, so please don't just reset my inventory.|I cleared the cache, reinstalled and logged out/in, no change. Sorting the inventory by rarity makes it crash immediately instead of at the bottom, so I think one specific item is broken, maybe one of the old event items. Can you check my inventory on your side without wiping it?}"""),
    ("bank", """{?I need help with a transfer that seems to have disappeared between you and the recipient's bank, and nobody can tell me where it is.|Money left my account but never arrived, and I'm getting nowhere with the hotline.}

On {date} I sent {amount2} as an instant transfer to my landlord. The {product} app showed it as "Completed" within seconds and the money was taken from my balance. My landlord's bank says nothing arrived. Two days later I checked my statement and there the same transaction shows as "Pending", not completed, and it has a different reference number than the one in the app ({refcode}).

{?What I've done so far: I called your hotline, they told me to wait 3 business days. I waited 5. Then I asked my landlord to call his bank, they said they need the end-to-end reference from the sending bank to investigate. I don't know if that's the number in the app or the one on the statement. I also tried to download a payment confirmation in the app but the button is greyed out for this transaction.|So far: the hotline told me to wait three business days, I gave it five. My landlord's bank needs the end-to-end ID from you to trace it, but I can't tell which of the two references that is. The "download confirmation" button is disabled for this payment, and the chat bot just closes the conversation.}

{?So my questions: Which status is correct, the one in the app or the statement? Was it actually sent as an instant payment or did it fall back to a normal transfer? Can you open a trace/recall request with the receiving bank, and which reference do I give my landlord? This is my rent and I'm now getting late notices.|Could you tell me: where is the money right now? Did the instant payment fail and get re-sent as a standard transfer? Can you start a recall or investigation with the receiving bank, and what exactly should my landlord give his bank? I've already received one late-payment letter.}"""),
    ("store", """{?We sell on {product} and since {date} orders that customers have paid for are not showing up in our store backend, or show up hours later.|Since {date} some paid orders never show up in our {product} admin, or arrive hours late.}

Here's what we see, in order:
1. The customer pays; the payment provider shows the charge as captured and sends the confirmation email.
2. The order does not appear in our order list. Sometimes it shows up {hours} hours later, sometimes never.
3. Because the order never arrives, stock isn't reduced, so we've oversold the same item {n} times this week.
4. Our warehouse system pulls orders from your API every 10 minutes, so those orders never get shipped either.

{?What we've checked: the payment provider's webhook log says deliveries to your endpoint returned 200. Our theme was not changed. We disabled the two apps we installed recently (a reviews widget and a currency converter), no difference. It seems to happen more with customers who pay with a wallet (Apple Pay/Google Pay) than with cards, but I'm not 100% sure.|Checked so far: the payment provider shows your endpoint answering 200 for every webhook. No theme changes. Disabling our two newest apps made no difference. Wallet payments seem over-represented among the missing orders, though the sample is small.}

{?Is there a queue on your side between the payment confirmation and order creation that could be backed up? Can you check the missing orders from the last 7 days? And how can we reconcile the payments that never became orders, is there an export for that?|Where does an order live between "payment confirmed" and "order created"? Can you look up the payments from the last week that didn't turn into orders? And what's the fastest way for us to reconcile them ourselves?}"""),
    ("crm", """{?I'm trying to bulk-import a contacts export from our old system into {product} using the Python script from your docs and it dies almost immediately:|Your sample import script fails on the very first rows of our contacts file:}

{art_py_unicode}

The file comes from Excel on Windows. I already tried:
- open(..., encoding="utf-8-sig") -> same error at the same byte
- encoding="latin-1" -> the import runs, but names like "José" and "Müller" end up as "JosÃ©" and "MÃ¼ller" in {product}
- re-saving from Excel as "CSV UTF-8" -> now the semicolons are the separator and every contact lands in a single column
- encoding="cp1252" -> import works locally, but I'm not sure the API then stores it correctly

{?We have {n2} contacts with names in German, Spanish and Portuguese so I can't fix them by hand. What encoding does your import API expect, and does the CSV importer in the web UI detect the delimiter automatically? Would it be safer to go through the web importer instead of the API?|With {n2} contacts, fixing names by hand is out. Does the API require UTF-8 strictly? Does the web importer auto-detect encoding and delimiter? And can I undo the test import that produced the broken names?}"""),
    ("saas", """{?After upgrading {sdk} from {ver_old} to {ver_new} our invoice sync crashes:|Bumping {sdk} to {ver_new} (from {ver_old}) broke our invoice sync:}

{art_node_typeerror}

The code that calls it hasn't changed:
{art_node_invoice_code}

{?It looks like some invoices don't have a customer object anymore. I logged the raw response and those invoices have "customer": null plus a new field "customer_id". The changelog for {ver_new} only mentions "performance improvements for list endpoints".|The raw response shows "customer": null and a new "customer_id" field on some invoices. Nothing about this in the changelog, which just says "performance improvements for list endpoints".}

Questions:
1. Is the customer object now only included when you pass expand[]=customer?
2. Is this change also in the REST API, or only in the SDK?
3. Are there other fields that changed the same way? We don't want to find out one crash at a time.

For now we pinned {ver_old} again, but we need a fix from the newer version for another bug."""),
    ("crm", """{?Our nightly full sync from {product} into our data warehouse has been failing for a week. Log excerpt:|For a week now our nightly {product} -> warehouse sync dies on rate limits:}

{art_ratelimit_log}

{?We run {n} workers, and until recently the job finished in about 40 minutes. We didn't increase the number of workers. The only change on our side is that marketing connected a second integration (a dashboard tool) using a different API key.|Same {n} workers as always, and the job used to finish in ~40 minutes. The only change: marketing hooked up a dashboard tool with its own API key.}

What I tried:
- respecting Retry-After (we do, as you can see, it just keeps coming back)
- dropping to 2 workers -> job doesn't hit 429 but takes over {hours} hours
- switching to the bulk export endpoint -> it returns 403 "feature not available on plan"
- spreading the requests with a token bucket at 80% of the documented limit

{?So: is the rate limit shared across all API keys of the account? Does the Retry-After value grow if we keep retrying? And which plan includes the bulk export endpoint - I couldn't find it on the pricing page.|Is the limit per account rather than per key? Is there a header telling us the remaining budget across all keys? And which plan unlocks bulk export?}"""),
    ("store", """{?We use {product} with our own inventory service and since last week we get deadlocks in Postgres almost every evening during peak hours. Checkout then fails for the customer with a generic error.|Our inventory service (which sits next to {product}) has been deadlocking in Postgres every evening since last week, and customers get a generic checkout error when it happens.}

Postgres log:
{art_pg_deadlock}

Our service reserves stock when an item is added to a cart and decrements it again when the order webhook from {product} arrives. Both paths run UPDATE statements on stock_levels. When an order contains several items, the rows are updated in the order the items appear in the cart.

Already tried:
1. retrying the transaction on deadlock (SQLSTATE 40P01) - reduces failed checkouts but we still see 2-3 per evening
2. SELECT ... FOR UPDATE before the update - made it worse
3. lowering the webhook concurrency on our side to 1 - fixes it, but then webhooks pile up and orders get confirmed minutes late
4. sorting the SKUs before updating - helps in our cart path, but we don't control the webhook order

{?Does {product} send order webhooks for the same order in parallel (e.g. order.created and order.paid at the same moment)? And is the line item order in the webhook guaranteed, or can it differ from the cart?|Can two webhooks for the same order be in flight at the same time? Is the line-item order in the payload stable, or can it change between order.created and order.paid?}"""),
    ("db", """{?After migrating from our self-managed Postgres {pg_ver} to {product}, one of our core reporting queries went from ~300 ms to over {?20|30|40} seconds.|We moved from our own Postgres {pg_ver} box to {product} last month. Most things are faster, but one reporting query is now about 100x slower.}

{art_explain}

On the old server the planner used the index on orders(created_at). On {product} it does a seq scan. Things I did:
- ran ANALYZE orders; ANALYZE customers; -> no change
- checked the index exists: yes, orders_created_at_idx is there and valid
- set enable_seqscan = off in a session -> index is used and it's fast again, but obviously that's not a solution
- compared random_page_cost: 1.1 on our old box, 4 on {product}

{?Is random_page_cost something we can change on our plan, or is it locked? Is storage on {product} network-attached (which would explain the default)? And would you recommend a partial index or partitioning for the last-30-days pattern?|Can we set random_page_cost and effective_cache_size per database on {product}? If not, what's your recommended approach for this kind of time-range query - a BRIN index, partitioning by month, something else?}"""),
    ("saas", """{?Self-hosted {product} with docker compose. After moving from the old docker-compose v1 to the compose plugin and pulling {ver_new}, background jobs don't run anymore.|Background jobs stopped on our self-hosted {product} after two changes at once: compose v1 -> compose plugin, and the image bump to {ver_new}.}

Logs:
{art_node_redis}

docker-compose.yml:
{art_compose}

.env:
{art_dotenv}

{?I already restarted everything, removed the containers, and checked that redis is running (docker compose ps shows it healthy). From inside the app container `nc -z redis 6379` succeeds, but the app still tries 127.0.0.1.|Containers were recreated from scratch and redis shows as healthy. `nc -z redis 6379` works from inside the app container, yet the app keeps connecting to 127.0.0.1.} {?Did {ver_new} start ignoring REDIS_URL in favour of a new variable? The upgrade notes only mention the license key change. Also: the dashboard now shows "Background sync disabled" - will the jobs that were queued before the upgrade be lost?|Is REDIS_URL still the variable {ver_new} reads, or did it change to something like REDIS_HOST/REDIS_PORT? And are the jobs that were queued before the upgrade still recoverable?}"""),
    ("saas", """{?Large exports from {product} Data Center crash the export worker with OutOfMemoryError. Small exports work.|Our big exports in {product} Data Center never finish - the worker runs out of heap. Smaller ones are fine.}

{art_java_oom}

Server: Java {java_ver}, -Xmx{xmx}, 16 GB RAM on the VM. The export is {bigrows} rows with attachments metadata.

What we've already done:
1. Increased -Xmx step by step up to {xmx}, the export just gets a bit further before crashing
2. Switched to G1GC explicitly and enabled heap dumps. The dump is 90% StringBuilder/char[] from CsvWriter
3. Tried splitting the export by date range through the UI, but the UI only allows one export at a time and each still takes hours

{?It looks like the CSV writer builds the whole file in memory before writing. Is there a streaming export mode or an API endpoint that pages through results? Is this fixed in a newer version than {ver_new}?|From the heap dump it seems the whole CSV is built in memory. Is there a setting for streaming exports, or an API we can page through instead? And is this addressed in any release after {ver_new}?}"""),
    ("saas", """{?Our API calls from the production server get 403 while the exact same request from my laptop works.|Same API key, same request: from my laptop it works, from our production servers it's a 403.}

{art_curl_403}

What we tried:
- generated a new API key -> same
- checked the IP allowlist in the admin panel: our server's outbound IP {ip2} is on the list
- the server goes out through a NAT gateway in {region}; I confirmed with curl ifconfig.me that the public IP is {ip2}
- from a different server in the same VPC it also fails

{?"Request blocked by network policy" isn't in your docs. Is there a second firewall layer (WAF / geo-blocking) in front of the API that ignores the allowlist? Could the request ID above tell you why it was blocked?|Where does "Request blocked by network policy" come from - your WAF, a geo rule, bot protection? Can you look up the request ID and tell us which rule fired? Our cloud provider's IP range might be on a blocklist.}"""),
    ("store", """{?The nightly order export from {product} to our logistics partner's SFTP has been failing about 3 nights out of 5 since the start of {month}.|Our scheduled {product} export to the 3PL's SFTP server fails most nights since early {month}.}

{art_sftp_log}

Setup: the export runs on your side (scheduled export feature), target is our partner's SFTP server. The partner says they didn't change anything but they did "upgrade the firewall".

Things we tried:
1. Manually triggering the export during the day - always works
2. Changing the schedule from 02:00 to 04:00 - fails less often but still fails
3. Asking the partner to whitelist your export IPs - they want the complete list, which I couldn't find
4. Switching to key-based auth - same

{?Can you give us the list of source IPs the export uses? Do you retry with the same IP or can it change between retries? And can we get the file delivered by email as a fallback when the upload fails, so the warehouse isn't blocked?|Which egress IPs does the scheduled export use, and are they stable? Could the partner's firewall be rate-limiting new SSH connections from your range at night? And is there a fallback destination (email, S3) we can configure?}"""),
    ("crm", """{?We're getting duplicate contacts in {product} and I believe it's a loop between three systems, but I can't prove where it starts.|Duplicates keep appearing in {product}, and I'm fairly sure it's a sync loop involving three tools.}

Our setup: the website contact form writes into {product} via the official plugin. {product} syncs contacts to our email marketing tool (two-way sync). Our sales team also imports trade-show leads from spreadsheets every few weeks.

What happens:
1. A person fills in the web form. A contact is created in {product} - fine.
2. Within a few minutes, a second contact with the same email appears, owner "Integration user", with the lifecycle stage reset to "Subscriber".
3. If a salesperson merges the two, after the next sync a third one shows up.

{?What we tried: disabled the two-way sync for a day - no new duplicates that day. Re-enabled it with "match on email" instead of "match on ID" - duplicates came back, but only for contacts whose email has uppercase letters. Also checked the form plugin version, it's {ver}.|Turning off the two-way sync for a day stopped the duplicates. With matching switched to email, they came back but only for addresses containing capital letters. The form plugin is on {ver}.}

{?So: does the sync match emails case-sensitively? If so, is there a way to normalise existing records? And after fixing it, how do we merge about {n2} duplicates without losing the activity history from both sides?|Is email matching case-sensitive in the sync? How can we lowercase existing emails in bulk? And what's the safest way to merge around {n2} duplicate pairs while keeping both activity histories?}"""),
    ("game", """{?I've paid for gems in {product} {n} times now and twice I didn't get them. I contacted in-game support and got a copy-paste answer telling me to restart the game. I did, multiple times. Here's what I captured with my brother's help (he's a developer):|Two of my gem purchases in {product} never arrived, and in-game support just told me to restart. My brother (a developer) helped me capture what happens:}

{art_mobile_log}

So as far as I understand, Google took the money (I have the receipts with the order IDs), but your server refused to give me the items because it thinks the receipt was already used. I did play on two devices that day, my phone and my tablet, both with the same account. The purchase was made on the tablet.

{?Things I've tried: restarting, "restore purchases" in settings (it says nothing to restore), logging in on the phone first, clearing data on the tablet (which lost my local settings).|I've tried restarting, "restore purchases" (nothing to restore), logging in on the phone first, and clearing the app data on the tablet.}

{?Can you check on your side whether the receipt got consumed by the other device and the gems went somewhere else? And if it's truly lost, can you manually add the {gems} gems or refund me? I can send both receipts.|Could you check whether the receipt was consumed by my other device or even another account? If the gems are gone, please credit the {gems} gems manually or refund me; I have both receipts.}"""),
    ("saas", """{?Short one: since upgrading {sdk} to {ver_new} every call to list_invoices() fails with|{sdk} {ver_new} breaks list_invoices() for us:}

{art_py_attr}

{?Works fine on {ver_old}. Did the pagination response change? Our code doesn't touch `meta` directly, it's inside your client.|Rolling back to {ver_old} fixes it. Looks like the response no longer has `meta` - was pagination moved to headers?}"""),
    ("saas", """{?Every night at around 02:00 our batch uploader fails with `java.net.SocketTimeoutException: Read timed out at com.{pkg}.sync.HttpTransport.execute(HttpTransport.java:{ln1})`. Daytime runs with the same data work. Is there maintenance or a backup running on your side at that time? Already raised our timeout to 120s, no change.|Nightly uploads die at ~02:00 with `java.net.SocketTimeoutException: Read timed out` (HttpTransport.java:{ln1}). Same batch at noon = fine. Timeout already at 120s. Anything scheduled on your end around 2am?}"""),
    ("saas", """{?POST /v2/exports returns HTTP 503 for roughly 1 in 5 requests since {date}. Each failure takes exactly 30 seconds:|About 20% of our POST /v2/exports calls return 503 since {date}, always after exactly 30s:}

{art_http503_access}

{?Retrying with backoff usually works on the second attempt, but not always. Is there an ongoing incident or a 30s timeout on your gateway we should know about?|Backoff-retry mostly succeeds on the 2nd try. Is there a 30s gateway timeout we're hitting with larger export requests, or an incident?}"""),
    ("saas", """{?Our container won't start after the upgrade to {ver_new}:|Container crash-loops on boot since {ver_new}:}

{art_py_env}

{?The variable IS set in our Kubernetes secret and `kubectl exec ... env` shows it. Did the settings module change how it reads env vars (prefix, file-based secrets)? Worked on {ver_old}.|The env var is definitely present (checked with kubectl exec env). {ver_old} starts fine with the identical manifest. Was the variable renamed?}"""),
    ("saas", """{?Realtime updates stopped working for everyone on our self-hosted {product} after we put it behind our new reverse proxy. Pages only refresh every 30 seconds now.|Since we moved our self-hosted {product} behind a new nginx reverse proxy, live updates are gone; the UI falls back to polling.}

Browser console:
{art_ws_console}

Our nginx location block:
{art_nginx_ws}

{?I think the Upgrade/Connection headers are missing, but when I add them the whole site returns 400 for normal requests too, because we use the same map for everything. I've also tried proxying /realtime to a separate upstream, same 400.|Adding the Upgrade/Connection headers globally breaks normal requests (400), and a dedicated upstream for /realtime still gets 400.} {?Is there a specific path prefix besides /realtime that the websocket uses (e.g. /socket or /cable)? And does the app check the Origin header against APP_URL? Our public hostname differs from the internal one.|Does the websocket endpoint validate the Origin header against APP_URL? Our public and internal hostnames differ. And are there other paths besides /realtime that need upgrade handling?}"""),
    ("saas", """{?We deprovisioned a user in {idp} (she left the company), SCIM shows the deactivation arriving in {product}, but she still had access afterwards:|A leaver was deactivated via SCIM from {idp}, but her API token and mobile session kept working afterwards:}

{art_scim_log}

So the web session seems to be killed, but the API token and the mobile app session kept working. We found this during a security review and need to understand the exact behaviour:
1. Does deactivation via SCIM revoke personal API tokens?
2. How long does a mobile refresh token stay valid after deactivation?
3. Is there an admin setting to revoke all sessions immediately, and can it be triggered via the SCIM PATCH?

{?We also tried the "Sign out everywhere" button on her profile after the fact, but it's greyed out for deactivated users.|After the fact we tried "Sign out everywhere" on her profile; it's disabled for deactivated accounts, so we had to reactivate her, sign out, and deactivate again.}"""),
    ("bank", """{?Card payments at one specific online shop keep failing with my {product} card, and the shop says it's your side. I've now spent three evenings on this.|One online shop always declines my {product} card, and their support blames you.}

Their support sent me this from their payment log:
{art_payment_log}

{?What happens on my phone: I get the push notification to confirm in the {product} app, I tap it, the app opens on the home screen and there's nothing to confirm. If I open the app first and then pay, no notification comes at all.|On my phone, the approval notification arrives, but tapping it just opens the app's home screen with nothing to approve. Opening the app before paying doesn't help either.} With another card (from a different bank) the same shop works fine. Other shops with my {product} card work fine too - but those might not ask for the extra confirmation.

I already: updated the app to {app_ver}, re-enabled notifications, logged out and back in, and re-registered the device as my trusted device (which took a day). Nothing changed.

{?Is there a problem with the 3-D Secure confirmation for certain merchants? Could it be related to the shop being registered in another country? And is there a fallback (SMS code) I can switch to?|Why would the 3-D Secure challenge never show up in the app for this merchant? Can you see the declined attempts on your side? And can I switch to SMS codes as a workaround?}"""),
    ("db", """{?Terraform apply against {product} keeps failing halfway and now our state is out of sync.|Our Terraform run against {product} failed mid-apply and the resource is now stuck.}

{art_terraform}

Context: we changed the instance size and added a read replica in the same apply. The console shows "maintenance in progress" for about {minutes} minutes and then nothing happens - the size is still the old one.

Tried:
- terraform refresh, then apply again -> same 409
- applying the size change alone with -target -> 409
- waiting overnight -> the console no longer shows maintenance, but the apply still returns 409

{?Is there a stuck operation on the instance that we can't see? How do we clear it? And is it safe to add the replica and resize in one apply, or should those always be separate?|Can you check for a hung operation on this instance and cancel it? Should resize and replica creation always be split into separate applies?}"""),
    ("mail", """{?Our signup form embedded from {product} stopped submitting on our website. Nothing appears in the list and the console shows:|The {product} signup form on our site silently fails; submissions never reach the list. Console:}

{art_cors_console}

Embed code on the page:
{art_embed_snippet}

{?We moved the site from www-less to www.{custdom} last {weekday}. I added www.{custdom} to the "Allowed domains" in the form settings and cleared our CDN cache. Still blocked. I also tested in an incognito window and on my phone.|The only change: last {weekday} the site moved to www.{custdom}. That domain is now in the form's allowed domains, CDN cache is purged, tested incognito and on mobile - still blocked.} {?Is there a delay before allowed domains take effect? Does the data-region have to match our account region, ours is in {region}?|Do allowed-domain changes take time to propagate? And does data-region need to match our account's region ({region})?}"""),
    ("sync", """{?Files from one shared folder in {product} won't sync for two of our users; the others are fine. The client log shows:|Two people in our team can't sync a handful of files from one shared folder. Everyone else is fine. Client log:}

{art_app_sync_log}

It's always the same items, all Excel files that are open on someone's machine most of the day. Steps we did:
1. Pausing and resuming sync -> same items skipped
2. Unlinking and relinking the account for one user -> the first sync is fine, then the same error returns the next day
3. Asked everyone to close Excel over lunch - the items synced during lunch, then conflicted again

{?Is {product} unable to sync files that are locked by Office? Does co-authoring in the web version change the etag even without content changes? We need one source of truth for these files, what's the recommended setup?|Does an open Excel file (with its lock file) block sync? Could web co-authoring bump the etag without real changes? What do you recommend for spreadsheets that several people keep open all day?}"""),
    ("vpn", """{?Since the {product} update to {ver_new} on {os}, when the VPN is connected, our internal hostnames (*.corp.local) don't resolve anymore. Public sites work fine.|{product} {ver_new} broke internal DNS for us: with the VPN up, *.corp.local names time out, public names resolve fine.}

Steps to reproduce:
1. Connect to the office network (DNS server 10.0.0.53)
2. Connect {product} with "Use {product} DNS" disabled
3. nslookup intranet.corp.local -> times out
4. Disconnect the VPN -> resolves immediately

{?Also tried: enabling local network access, adding 10.0.0.0/8 to split tunneling exclusions, and flushing the DNS cache. None of it helps. On {ver_old} this all worked with the same settings. Did the new version start forcing DNS through the tunnel even when the setting is off? Is there a config file or CLI flag to restore the old behaviour?|Local network access is on, 10.0.0.0/8 is excluded from the tunnel, DNS cache flushed - no change. {ver_old} worked with the same settings. Is DNS now always forced through the tunnel? Any flag to get the old behaviour back?}"""),
    ("saas", """{?Our export script can't reach your API since this morning:|Since this morning our Python export job fails with a certificate error:}

{art_py_ssl}

{?It runs on a Debian VM behind our company proxy. From a Windows laptop on the same network the API opens in the browser without any certificate warning.|The job runs on Debian behind our corporate proxy; browsers on Windows in the same network see no certificate problem.}

What I did so far:
1. pip install --upgrade certifi -> no change
2. added the proxy root CA with update-ca-certificates and set REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt -> the error changes to "self-signed certificate in certificate chain"
3. verify=False just to test -> works, but obviously we can't leave it like that
4. openssl s_client -showcerts against {api_host} -> the chain shows our proxy's CA, not yours

{?Did you switch certificate authority or intermediate recently? Our network team wants to know whether {api_host} should be excluded from TLS inspection on the proxy, and if so which other hostnames the API redirects to (CDN for export downloads?).|Did your CA or intermediate change this week? If we exclude {api_host} from TLS inspection, are there other hostnames involved (e.g. a CDN for export files) that need the same exception?}"""),
    ("saas", """{?Part of your webhook events started failing on our side on {date}:|Since {date} a subset of {product} webhook events crash our handler:}

{art_py_keyerror_webhook}

{?It only happens for invoices created from the customer portal; the ones our team creates are fine. I looked at the payload of a failed event and "customer" isn't inside "data" at all, there's a top-level "customer_id" instead.|Only invoices created via the customer portal are affected. Their payload has a top-level "customer_id" and no "customer" object inside "data".}

Steps so far:
1. Checked the API version pinned on the webhook endpoint: it says {ver_old}, but the dashboard shows a banner that {ver_new} becomes the default soon
2. Resent the failed events from the dashboard: they fail the same way
3. Created a test endpoint pinned to {ver_new}: all events there have the new shape

{?Is it possible that some events are already sent in the new format even though our endpoint is pinned to the old version? How do we migrate without dropping events during the switch? And do retries (we're at attempt 3) use the original event format or the current one?|Why would a pinned endpoint receive new-format payloads? What's the safe migration path, run two endpoints in parallel? And will the pending retries be re-rendered in the new format?}"""),
    ("saas", """{?Our nightly export works perfectly when I run it by hand but fails every night from cron. Setup:|Manual runs of our export succeed; the 02:15 cron run fails every time.}

{art_cron_env}

Output from the cron run:
{art_py_env}

What I tried:
- putting the variable in /etc/environment -> nothing
- exporting it inside export.sh before calling python -> works, but then the API key sits in plain text in the script, which security won't accept
- running as the cron user with `sudo -u deploy ./export.sh` -> works (because it loads my .bashrc, I assume)

{?Since {ver_new}, does your client no longer read ~/.{pkg}/credentials? On {ver_old} we didn't need any environment variable at all. What's the recommended way to pass the key to a scheduled job?|On {ver_old} the client picked the key up from ~/.{pkg}/credentials; does {ver_new} only read the environment now? How do you recommend passing secrets to cron or systemd timers?}"""),
    ("db", """{?Our workers lose their connection to the {product} instance ({region}) every night. During the day it's fine.|Nightly jobs hit "too many clients" on our {product} instance in {region}.}

{art_py_pg_slots}

At the same time the dashboard shows connections pinned at the limit of our tier. We run {n} worker processes, each with its own SQLAlchemy pool (pool_size=10).

Tried:
- pool_size down to 5 -> error shows up later, but it still shows up
- pool_pre_ping=True -> no difference
- your built-in pooler in transaction mode in front -> our prepared statements break

{?Do pooler connections also count against the limit? After a failover, are old connections closed on your side or do they linger as idle? And would moving to {plan2} actually fix this, or is this a config problem on our end?|Are connections from your pooler counted toward our max_connections? Can we see which client addresses hold connections? Would {plan2} really help or just move the ceiling?}"""),
    ("sync", """{?Quick one but it's blocking us: since updating the desktop client to {ver_new}, sync stops on {?Windows 11|Windows 10} with "Error 0x8007016A: The cloud file provider is not running." Restarting the client fixes it for ~{minutes} min. Reinstalled already, also tried disabling files-on-demand. Known regression? {ver_old} was fine.|Desktop client {ver_new} on {?Windows 11|Windows 10}: sync halts with 0x8007016A ("cloud file provider is not running") every {minutes} minutes or so. Client restart helps briefly; reinstall and disabling files-on-demand didn't. {ver_old} had no issue. Regression?}"""),
    ("crm", """{?Node integration crashes on every run since yesterday with `TypeError: Cannot read properties of undefined (reading 'id') at mapDeal (/app/src/sync/deals.js:{ln1}:{col})`. Nothing deployed on our side. Did the /v1/deals response change? Owner field seems to be missing on some deals.|Since yesterday: `TypeError: Cannot read properties of undefined (reading 'id')` in mapDeal (deals.js:{ln1}). We didn't deploy. Some deals from /v1/deals come back without `owner` - intended?}"""),
]


CONTENT["en"]["reasoning"] += [
    ("bank", """The {product} iOS app crashes right after Face ID since I updated my iPhone to {ios}. It opens, asks for Face ID, Face ID succeeds, and then the app closes. I got the crash report from Settings > Privacy > Analytics:

{art_ios_crash}

What I tried, in this order:
[[pick 3-4]]
1. Restarted the phone and reinstalled the app (lost my device registration, had to re-verify by letter, which took {n} days)
2. Disabled Face ID for the app in iOS settings -> it then asks for the passcode and crashes the same way after I enter it
3. Reset Face ID completely and set it up again
4. Tried the beta from TestFlight a colleague mentioned -> same crash
5. Logged in on my iPad (same iOS version) -> works fine there
[[/pick]]

So it's the combination of my phone and the app, not my account. Is this a known problem with {ios}? Is there a way to log in with the passcode only, bypassing the biometric step entirely? I need to approve a payment by {weekday}."""),
    ("saas", """I need help figuring out why our payroll numbers don't match the hours in {product}, and I've now gone through three systems without finding the cause.

How it's set up: employees clock in and out in the {product} mobile app. At the end of each month we export the timesheets to our payroll provider using your built-in integration. Payroll then calculates overtime based on the hours they receive.

What went wrong: for {?March|October}, {n} employees who work night shifts got paid for one hour less than their timesheets show in {product}. It's always exactly one hour, and always the shift that covers the night the clocks changed. In the {product} timesheet view the shift shows 9 hours; in the export file it's 8. Day-shift staff are fine.

What I've checked: our workspace time zone is set correctly; the employees' phones are on automatic time; the export file itself (I opened the CSV) already contains 8, so it's not the payroll side; and manually editing the shift and saving it again doesn't change the exported value. Our payroll provider says they just take what's in the file.

So: does the export calculate duration from local clock times instead of actual elapsed time? Is there a setting to fix this, or do we need to correct these shifts by hand before each export? And at the next clock change, will it go the other way - would those people get paid an hour too much?"""),
    ("vpn", """{product} on my MacBook ({os}) disconnects roughly every 30 minutes and doesn't reconnect by itself, even though auto-reconnect is on. I have to click connect manually. This started about two weeks ago; before that it was rock solid for a year.

Things I've ruled out or tried so far. I switched from WireGuard to OpenVPN UDP and then TCP - the disconnects still happen, though with TCP it's closer to every hour. I tested on my home Wi-Fi and on a phone hotspot, same on both, so it's not the router. I turned off "Wake for network access" and the low-power setting for Wi-Fi because I read that macOS sleeps the network card; no change. I removed the network extension under System Settings > Login Items and let the app reinstall it. I also checked for a DNS leak after a disconnect and, worryingly, traffic keeps flowing outside the tunnel for a few seconds until the kill switch kicks in.

Two questions really: what could make the tunnel drop on a fixed-ish schedule like that (key rotation? session timeout on the server?), and why isn't auto-reconnect working? Also, is the brief leak before the kill switch engages expected behaviour? That last one worries me more than the disconnects."""),
    ("mail", """We're sending duplicate emails to part of our audience and I believe it's caused by how three things interact in {product}, but I can't pin it down.

Setup: new subscribers come in from our website form (double opt-in enabled), from a CSV import our events team does monthly, and from our shop via the {product} integration. Each source adds a different tag. Our welcome automation triggers on "subscriber added to list", and a second automation sends a discount when the "shop_customer" tag is added.

What we see: people who signed up on the website and later bought something get the welcome series twice. In the activity log for one contact I see: subscribed (form), confirmed (double opt-in), then {n} days later "subscribed" again with source "API" at the exact time of their first order. The shop integration seems to re-add them to the list.

What we tried: set the automation to "run once per contact" - it still re-enters them, apparently because the contact was technically removed and re-added; changed the shop integration to "update existing contacts only" - then new shop customers aren't added at all; asked the events team to skip existing contacts on import - no effect on this particular issue.

Is a re-subscribe via API treated as a new "added to list" event even if the person was already subscribed? Is there a way to make the trigger fire only for genuinely new contacts? And can we see which contacts received the series twice so we can apologise to them?"""),
    ("sync", """The {product} Linux client stops picking up changes in some folders after a while. New files in those folders only upload after a restart or hours later.

Client log:
{art_inotify}

So it's hitting the inotify limit. We have about {n3} folders in the synced tree (lots of archived projects). I tried:
[[pick 2-3]]
- raising fs.inotify.max_user_watches to 524288 via sysctl -> works until reboot, then back to 8192
- adding it to /etc/sysctl.d/99-{pkg}.conf -> seems to be ignored on boot (we're on {os})
- excluding the archive folder with selective sync -> the client still seems to watch it
- running the client as a systemd user service instead of the autostart entry
[[/pick]]

Does the client watch excluded folders anyway? Is there a way to make it use fewer watches (e.g. only top-level + periodic scans for deep folders)? And why would the sysctl.d file not apply - does the client's installer overwrite it?"""),
    ("store", """We're syncing orders from {product} into our ERP via the GraphQL API and every night a few orders are missing while others appear twice. Query:

{art_graphql_query}

We page through with endCursor until hasNextPage is false, then store the max updatedAt as the starting point for the next run.

Observations:
[[pick 3-4]]
1. Missing orders are always ones that were updated while our sync was running (e.g. payment captured a few minutes after creation)
2. Duplicates are orders that got updated between two pages being fetched
3. Running the sync twice in a row with no changes returns the exact same set, so it's not random
4. Switching sortBy to CREATED_AT fixes the duplicates but we then miss status changes completely
5. The REST endpoint has the same issue with page numbers
[[/pick]]

Is the cursor based on the sort field value or on a stable snapshot? If an order's updatedAt changes mid-pagination, does it jump to a later page? What's the recommended pattern for incremental sync: should we subtract a safety window from updatedSince and dedupe ourselves, or is there a changes feed/webhook we should use instead?"""),
    ("db", """We moved our read traffic to the {product} read replica last week and now users sometimes see "order not found" right after placing an order. Our API logs show it clearly:

{art_replica_log}

So the replica is a couple of seconds behind. Our ORM routes all GETs to the replica and writes to the primary.

We tried:
[[pick 2-3]]
- sticky reads: route a user's reads to the primary for 5s after they write. Helps, but our mobile app calls from a different session and doesn't benefit
- checking pg_last_xact_replay_timestamp() before each read - adds a round trip to every request
- upgrading the replica to the same size as the primary - lag went from ~3s to ~2s at peak, not to zero
[[/pick]]

What replication lag should we expect on {product} under normal load, and is there a synchronous replica option? Is lag visible as a metric we can alert on? And are there any settings on your side (e.g. for large transactions in our nightly batch) that make lag spike?"""),
    ("game", """I keep getting disconnected from ranked matches in {product} with "Connection lost (1006)", usually 2-3 minutes in. It costs me rank every time. Client network log from the last one:

{art_game_net}

My setup: PC on ethernet, fibre connection, ISP router in bridge mode behind my own router. Steps I've done:
[[pick 3-4]]
1. Forwarded UDP 7777-7800 to my PC -> NAT still shows STRICT in the log
2. Enabled UPnP on my router -> NAT type changed to MODERATE in the settings screen, but the disconnects continued
3. Verified game files and reinstalled
4. Tested with my phone's 5G as a hotspot -> no disconnects in 6 matches
5. Ran a ping to the match server IP during a game - no loss while the game reported 12% loss
[[/pick]]

Since the hotspot works, it's something between my network and your servers, but regular ping shows no loss. Does the game use additional ports or a relay I'm missing? Is there a known issue with specific ISPs routing to the {vpnnode} servers? And can the rank loss from these disconnects be reversed?"""),
    ("bank", """Our budgeting app (we're a small fintech) loses access to {product} accounts for some users every few days, even though they just renewed consent. Log from our aggregator:

{art_consent_log}

The user completes the consent flow, you return a new consent ID valid for 90 days, and then the very next call returns consent_expired again.

Things we verified:
[[pick 2-3]]
- we use the new consent ID in the header (logged and compared, it matches)
- the access token is refreshed after consent, not before
- it only affects users who have both a personal and a joint account with you
- it also happens when the user renews consent from your app instead of through our flow
[[/pick]]

Questions: is consent tied to a specific set of accounts, so adding or changing a joint account invalidates it? Is there a propagation delay after consent during which calls fail? And is there a sandbox scenario that reproduces this, so we can test a fix without asking real customers to re-consent again?"""),
    ("store", """Our VAT on EU orders has been wrong since we moved our stock to a warehouse in another country, and I'm not sure if it's a configuration problem in {product}, our accounting tool, or both.

Background: until {month} we shipped everything from one country and charged domestic VAT or the destination rate under OSS. Now about half of the stock ships from the new warehouse. Since then:
1. Orders shipped from the new warehouse to customers in that same country show our home VAT rate at checkout
2. The invoice PDF shows the correct destination rate (so it's recalculated somewhere after checkout)
3. Our accounting tool imports the checkout amount, not the invoice, so the books and invoices don't match
4. For mixed orders with items from both warehouses, the whole order uses one rate

We've added the new warehouse as a location, registered for VAT there, and entered the registration in the tax settings. We also cleared the tax cache the docs mention and placed test orders.

Does {product} calculate tax by ship-from location at checkout, or only by the store's main address? Why would the invoice differ from checkout? And for mixed orders, can line items have different tax origins? We need to correct {n2} orders and I want to understand the logic before touching anything."""),
    ("crm", """CSV imports into {product} started mixing up day and month since we changed the account locale from English (US) to English (UK) last month. Repro:

1. Create a CSV with a "Close date" column containing 03/04/2024 and 25/04/2024
2. Import via Contacts > Import with the default settings
3. The first row is imported as March 4, the second one fails with "invalid date"
4. Same file via the API import endpoint: both rows imported as April (correct)

So the web importer still assumes US format even though the account locale is UK. I tried:
[[pick 2-3]]
- changing my personal locale as well as the account locale
- using ISO format 2024-04-03 -> works, but our trade-show scanner exports only DD/MM/YYYY
- the "date format" dropdown in the import mapping step -> only shows after choosing a custom field, not for the built-in close date
[[/pick]]

Is there a way to set the date format for built-in fields in the importer? And more importantly, how do we find and fix the records imported wrongly in the last four weeks? Dates where the day was 12 or lower look valid, so we can't just search for errors."""),
    ("saas", """Since your maintenance on {date}, our SAML login works but SCIM provisioning from {idp} fails for every new user with "409 Conflict: userName already exists", even for brand new employees.

Steps to reproduce on our side:
1. Create a test user in {idp} and assign the {product} app
2. Provisioning log in {idp}: POST /scim/v2/Users -> 409
3. Search for the user in {product} admin: not found
4. Remove and re-add the assignment: same 409

Already tried re-generating the SCIM token, turning provisioning off and on, and changing the userName format from email to employee ID. With employee ID the POST succeeds, but then SSO fails because the NameID is the email. Is there a soft-deleted user table that still holds those usernames? Could the maintenance have restored deleted users in the background? We have {n} starters on {weekday} who need accounts."""),
]

CONTENT["en"]["mid"] += [
    ("saas", "{?Can guests in {product} be given edit rights on a single task list without seeing the rest of the project? We tried sharing just the list, but they can still open the project overview.|If I share one board with a client, can they see comments that mention them on other boards? We had a near miss last week and I want to understand the visibility rules.}"),
    ("bank", "{?Why does a card refund show up as a new credit instead of cancelling the original payment? It makes my monthly spending chart look higher than it really is. Will the chart correct itself once the refund is booked?|I got a refund from a shop, but my 'available balance' and 'balance' have differed by that amount for days. Which one counts if a direct debit comes out tomorrow?}"),
    ("store", "{?If I order two items and one is on backorder, do you ship them separately, and do I pay shipping twice? The checkout didn't say.|I paid for express shipping but one item had a longer delivery time. Does express apply to the whole order or only to the items that were in stock?}"),
    ("vpn", "{?Does {product} keep working when my laptop switches from Wi-Fi to ethernet, or does it drop the tunnel? I dock and undock a lot at the office and it seems to reconnect to a different server each time.|Why does {product} pick a different server every time I reconnect with 'Fastest server' selected? Sometimes it's in another country entirely, which breaks some sites for me. How is 'fastest' decided?}"),
    ("game", "{?If I buy the season pass halfway through the season, do I get the rewards for the tiers I've already passed, or only from now on?|Do event tokens carry over to the next event, or do they expire? I saved up {gems} and want to know whether to spend them now.}"),
    ("crm", "{?When a contact's owner is a sales rep who later gets deactivated, what happens to the owner field and to their open tasks? We're about to remove {n} users and don't want things to fall through the cracks.|If we change a contact's company, do past deals stay linked to the old company or move with the contact? Our revenue-by-company report looks off since a few contacts changed jobs.}"),
    ("db", "{?Does scaling our {product} instance up or down cause downtime? The docs say 'minimal interruption', but what does that mean in practice for open connections and running transactions?|Are automatic minor-version upgrades only applied inside the maintenance window, or can they happen at any time? We had a restart on {date} outside our window.}"),
    ("sync", "{?What happens to version history when a file is renamed? It looks like the history starts fresh under the new name, and we need the old versions for an audit.|If someone deletes a file from a shared folder, does it go to their trash or to the owner's? A colleague deleted something I own and I can't find it in my trash.}"),
    ("mail", "{?If we send a campaign to a segment and someone joins the segment while the send is still going out, do they get it? Our sends are batched over {hours} hours.|Does the A/B test pick the winner by opens or by clicks? We changed the metric after the test had started and the result looks odd.}"),
    ("saas", "{?Does archiving a project stop its automations and recurring tasks, or do they keep running in the background? We archived some client projects and people still get reminders.|If I move a task to another project, do custom field values come along when the target project has fields with the same names? Some values vanished when we reorganised.}"),
    ("saas", "{?Our {plan} plan says 'unlimited projects', but we got a message that we've hit the limit of active automations. Are automations counted per project or per workspace, and do paused ones count?|What counts as an active user for billing? Some people only log in once a month to approve timesheets, and I'm not sure they should be full seats.}"),
    ("bank", "{?If I have round-ups going into a savings space and also a standing order into the same space, which runs first at month end? My main account went slightly overdrawn on the 1st and I'm trying to understand the order of things.|Do scheduled payments still go out if my card is frozen? I froze it while travelling and now I'm worried about my rent.}"),
    ("store", "{?Why do some products say 'ships in 2-3 days' on the product page but 'ships in 7-10 days' at checkout? Is that based on my postcode or on the warehouse?|If a gift card covers part of an order and I later return something, where does the refund go - back to the gift card or to my bank card?}"),
    ("any", "{?During the outage on {date} your status page showed all green for the first hour. Is it updated automatically or by hand? Is there an API or webhook for incidents we could subscribe to instead?|Is there a way to see which integrations are connected to our account and when each one was last used? We're doing a security review and found API activity we couldn't attribute to anything.}"),
]

CONTENT["en"]["reasoning"] += [
    ("saas", """{?Since upgrading the connector from {ver_old} to {ver_new} we get ORA-01017: invalid username/password; logon denied, although the same credentials work in SQL*Plus. Re-entered the password, reset the vault entry, restarted the agent. Is the password cached somewhere?|ORA-01017 (invalid username/password) from the connector since {ver_new}, while SQL*Plus logs in fine with the identical user. Already re-entered the secret, restarted the agent twice, checked for case-sensitive passwords (SEC_CASE_SENSITIVE_LOGON=TRUE). Does {ver_new} read credentials from a different place?}"""),
    ("saas", """{?Webhook deliveries to us fail with `SSL routines::wrong version number` since {date}. Our endpoint sits behind a CDN and SSL Labs gives it an A. Tried TLS 1.2 only, then 1.3 only, no difference. Which TLS versions and SNI behaviour does your sender use?|Since {date} your webhook log shows "wrong version number" for every delivery to our endpoint. Cert is valid, other senders reach us fine. We tried forcing TLS 1.2, then allowing 1.3 again. Does your sender skip SNI or use a proxy that could be downgrading?}"""),
    ("saas", """{?`panic: runtime error: invalid memory address or nil pointer dereference` in {pkg}-agent {ver_new} at startup (goroutine 1, config.go:{ln1}). {ver_old} starts fine with the same values.yaml. Regression?|The {ver_new} agent panics on boot with a nil pointer dereference in config.go:{ln1}; {ver_old} with identical config is fine. We don't set the new optional "proxy" block - could that be it? Tried an empty block too, same panic.}"""),
    ("saas", """{?Custom domain shows ERR_SSL_PROTOCOL_ERROR since we pointed DNS to you on {date}; the default .{dom} URL works. CNAME verified in your dashboard, waited 48h, cleared HSTS in Chrome. Is the certificate stuck in "pending"?|After switching our CNAME to {product} on {date}, https on our custom domain fails with ERR_SSL_PROTOCOL_ERROR. Dashboard says "verified", but the certificate status has been "issuing" for two days. We have a CAA record for our own CA - could that block issuance?}"""),
    ("db", """{?`SSL SYSCALL error: EOF detected` every ~{minutes} min from our app servers in {region} to {product}. TCP keepalives are set (idle 60s). Started after your maintenance on {date}. Did idle timeouts change?|Since the maintenance window on {date}, our connections to {product} drop with "SSL SYSCALL error: EOF detected" roughly every {minutes} minutes. Keepalives: idle=60, interval=10, count=5. Pool recycle at 300s. What changed on your side?}"""),
    ("bank", """{?Two problems since app update {app_ver}: (1) biometric login loops back to the PIN screen, (2) push notifications for incoming transfers stopped. Reinstalled, re-registered the device, toggled all permissions. {phone}, {android}. Are these related, and is there a fix?|After updating to {app_ver} on my {phone} ({android}): fingerprint login sends me back to the PIN screen every time, and I no longer get transfer notifications. I've reinstalled, re-paired the device and checked battery optimisation. Related issues?}"""),
    ("any", """{?Bulk API returns `413 Request Entity Too Large` for batches of {n2} records although the docs say 10,000 per request. Payload is ~9 MB gzipped. Is the limit on records or bytes, and does the gzip size count?|Our batch import gets HTTP 413 at around {n2} records per request, well below the documented 10k. Splitting into 2,000-record batches works but triples runtime. Is there a byte limit on the uncompressed body? Which one applies, compressed or not?}"""),
    ("store", """{?Checkout throws "Error 422: shipping_rate_unavailable" for every address in {country} since we added a second warehouse. Rates show fine in the shipping settings preview. Tried re-saving the zones and disabling the new warehouse - disabling fixes it. What's the interaction?|Since adding the second warehouse, checkout fails with 422 shipping_rate_unavailable for some regions. With the new location disabled, checkout works again. Zones and rates were re-saved. Do rates have to be defined per location now?}"""),
]

CONTENT["en"]["mid"] += [
    ("saas", "We're evaluating whether {product} can replace our current setup for client approvals. The flow we need: a designer uploads a file, the client gets a link, approves or requests changes, and the approval is recorded with a timestamp. I see proofing listed on {plan2} and guest access on {plan}. Can guests approve files on {plan}, or is proofing required for that? And is the approval record exportable for our ISO audit, or only visible in the UI?"),
    ("crm", "Our sales team works in two currencies. Deals are created in EUR or GBP depending on the customer, but the pipeline report shows everything in EUR. Which exchange rate does {product} use for the conversion: the rate on the day the deal was created, the close date, or today's? When I look at last quarter's report now, the won total differs from what we reported at the time, so I suspect it's today's rate. Is there a way to freeze the rate when a deal is won?"),
    ("bank", "I'm trying to understand how overdraft interest is calculated. Last month I was overdrawn for {n} days, at most by about {amount}, but the interest charged seems higher than the rate in the app suggests. Is interest calculated daily on the end-of-day balance, or on the lowest balance during the day? And do pending card payments count towards the overdrawn amount before they're booked?"),
    ("mail", "We're moving part of our audience from a weekly newsletter to a daily digest. If I create a second list for the daily people, will someone on both lists get two emails on the day the weekly goes out? Does {product} deduplicate across lists within one campaign? And would the unsubscribe link remove them from both lists or only from the one the campaign was sent to? I want to avoid annoying our most engaged readers."),
]
