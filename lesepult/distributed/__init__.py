"""Translation spread over many machines: Celery workers fed through a RabbitMQ or Redis broker.

Without a broker the app translates in the background itself
(translation/background.py). With `BROKER_URL` set, the app host splits each
document's untranslated sentences into batches and sends them to Celery:

* `celery_app`   the Celery app built from the broker URL: queues (quorum queues on RabbitMQ), late acks,
                 Redis's visibility timeout.
* `messages`     what a task carries: the batch, the engine key, the sentences; translations as JSON.
* `tasks`        `translate_batch` (translation workers: no database) and `store_results` (the store
                 worker, where the database is), registered on a worker's Celery app.
* `batches`      the app's record of what it sent (`translation_batches`), and which batches are overdue.
* `dispatch`     the app's side: split a document into batches and send them; resume after a restart.
* `store`        where results are written: the interface, and `open_store` choosing the module
                 (`sqlite_store` today; a PostgreSQL store would be one more module).
* `worker`       `python -m lesepult worker`: a Celery worker sized to the machine's cores; the store
                 worker also sends overdue batches again.
* `heartbeat`    with Redis: which worker holds which batch, and whether it still lives, so the store
                 worker sends a dead worker's batches again within seconds (RabbitMQ does this itself).
* `redis_transport`  kombu's Redis transport, repaired so a worker survives a Redis restart.

Flask is not imported here: the web app, the CLI and the workers all use this package.
"""
