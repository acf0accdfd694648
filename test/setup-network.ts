import nock from 'nock';

// No test may reach the network: only loopback (the bot, the fake Open API, the database).
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
