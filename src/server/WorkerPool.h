#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

// Threads that run route handlers (which may wait on the database) away from the threads doing network
// I/O. The queue is bounded: when it is full, tryPost() says no and the caller answers 503 at once
// instead of letting waiting work pile up without limit.
class WorkerPool
{
public:
    WorkerPool(int threads, int queueLimit);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    bool tryPost(std::function<void()> job);
    // Finishes the jobs running now, drops the queued ones, joins the threads.
    void stop();

private:
    void work();

    const std::size_t m_queueLimit;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_queue;
    std::vector<std::thread> m_threads;
    bool m_stopping = false;
};
