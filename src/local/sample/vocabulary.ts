// Words the sample generator draws from. Names with quotes, non-ASCII letters and broken encodings
// are here on purpose: the real data has them, and every loader and transform must carry them
// intact. The broken ones are as Sparkify's event log has them: UTF-8 read as Latin-1 and written
// as UTF-8 again, twice (Björk as "BjÃ\u0083Â¶rk", with the control character U+0083 inside), and
// a curly apostrophe cut to the control character U+0019.

export const FIRST_NAMES = [
  'Ryan', 'Sylvie', 'Wyatt', 'Kaylee', 'Jacob', 'Chloe', 'Tegan', 'Lily', 'Aleena', 'Jayden', 'Mohammad', 'Cienna',
  'Kinsley', 'Jordan', 'Theodore', 'Emily', 'Ava', 'Rylan', 'Avery', 'Layla', 'Matthew', 'Katherine', 'Stefany',
  'Jizelle', 'Brayden', 'Sara', 'Connar', 'Aiden', 'Anabelle', 'Lucero', 'Zoé', 'Renée', 'Mateo', 'Jürgen',
  "D'Andre", 'Noah', 'Liam', 'Olivia', 'Hannah', 'Adelyn', 'Martin', 'Tucker', 'Harper', 'Kevin', 'Elijah',
];

export const LAST_NAMES = [
  'Smith', 'Cruz', 'Lee', 'Garza', 'Montgomery', 'Rodriguez', 'Levine', 'Koch', 'Harrell', 'Hicks', 'Fowler',
  'Lynch', 'Robinson', 'Jones', 'Harris', 'Cuevas', 'Williams', 'Cook', 'Taylor', 'Ball', 'Moore', 'Benjamin',
  'Santafè', "O'Brien", 'Núñez', 'Müller', 'Clark', 'Perez', 'Kirby', 'Freeman', 'Graham', 'Lindsey',
];

export const LOCATIONS = [
  'San Jose-Sunnyvale-Santa Clara, CA', 'Waterloo-Cedar Falls, IA', 'Atlanta-Sandy Springs-Roswell, GA',
  'San Francisco-Oakland-Hayward, CA', 'Lansing-East Lansing, MI', 'Chicago-Naperville-Elgin, IL-IN-WI',
  'Portland-South Portland, ME', 'New York-Newark-Jersey City, NY-NJ-PA', 'Houston-The Woodlands-Sugar Land, TX',
  'Detroit-Warren-Dearborn, MI', 'Tampa-St. Petersburg-Clearwater, FL', 'Birmingham-Hoover, AL',
  'Marinette, WI-MI', 'Red Bluff, CA', 'Salinas, CA', 'Lake Havasu City-Kingman, AZ', 'Janesville-Beloit, WI',
  'Winston-Salem, NC', 'Los Angeles-Long Beach-Anaheim, CA', 'Philadelphia-Camden-Wilmington, PA-NJ-DE-MD',
];

export const USER_AGENTS = [
  '"Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36"',
  '"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.125 Safari/537.36"',
  'Mozilla/5.0 (Windows NT 6.1; WOW64; rv:31.0) Gecko/20100101 Firefox/31.0',
  '"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu Chromium/36.0.1985.125 Chrome/36.0.1985.125 Safari/537.36"',
  '"Mozilla/5.0 (iPhone; CPU iPhone OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2 (KHTML, like Gecko) Version/7.0 Mobile/11D257 Safari/9537.53"',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.9; rv:31.0) Gecko/20100101 Firefox/31.0',
  '"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.77.4 (KHTML, like Gecko) Version/7.0.5 Safari/537.77.4"',
  'Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; WOW64; Trident/6.0)',
  '"Mozilla/5.0 (Windows NT 6.3; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36"',
];

export const ARTIST_WORDS = [
  'Casual', 'Harmonia', 'Faye', 'Sigur Rós', 'Björk', 'Motörhead', "Des'ree", 'Beyoncé', 'The Black Keys', 'Muse',
  'Kings', 'Leon', 'Velvet', 'Echo', 'Midnight', 'Crystal', 'Golden', 'Silver', 'Neon', 'Paper', 'Electric',
  'Northern', 'Lights', 'Avenue', 'Riders', 'Orchestra', 'Quartet', 'Collective', 'Brothers', 'Sisters', 'Club',
  'Mañana', 'Señor', 'Coração', 'Clementina Santafè', 'Dwight', 'Yoakam', 'Jack', 'Johnson', 'Florence', 'Machine',
  'Bj\u00c3\u0083\u00c2\u00b6rk', 'Sigur R\u00c3\u0083\u00c2\u00b3s',
];

export const TITLE_WORDS = [
  'Love', 'Night', 'Heart', 'Fire', 'Dream', 'Rain', 'Road', 'Home', 'Blue', 'Summer', 'Light', 'Dance', 'Time',
  'Sky', 'River', 'Gold', 'Ghost', 'City', 'Stars', 'Moon', 'Sehr kosmisch', "Don't", 'Stop', 'Café', 'Niño',
  'Déjà Vu', 'Hold', 'On', 'Yellow', 'Undo', 'Revelry', 'Secrets', 'Catch', 'You', 'Me', 'Forever', 'Again',
  "I Didn't Mean To", 'Tonight', 'Alone', 'Together', 'Wild', 'Free', 'Young', 'Slow', 'Fast', 'Lost', 'Found',
  'Can\u0019t', 'Repr\u00c3\u0083\u00c2\u00a9sente',
];

export const ARTIST_PLACES = [
  'California - LA', 'London, England', 'Reykjavík, Iceland', 'Nashville, TN', 'Paris, France', 'Berlin', '',
  'Detroit, MI', 'New York, NY', 'Kingston, Jamaica', 'São Paulo, Brazil', 'Hamburg, Germany', '', 'Seattle, WA',
];

/** Pages other than NextSong, with how often each appears relative to the others. */
export const OTHER_PAGES: [page: string, weight: number, method: 'GET' | 'PUT'][] = [
  ['Home', 40, 'GET'], ['Logout', 12, 'PUT'], ['Settings', 4, 'GET'], ['Save Settings', 2, 'PUT'],
  ['About', 2, 'GET'], ['Help', 3, 'GET'], ['Add to Playlist', 8, 'PUT'], ['Add Friend', 5, 'PUT'],
  ['Thumbs Up', 15, 'PUT'], ['Thumbs Down', 4, 'PUT'], ['Downgrade', 2, 'GET'], ['Upgrade', 2, 'GET'],
  ['Error', 1, 'GET'],
];
