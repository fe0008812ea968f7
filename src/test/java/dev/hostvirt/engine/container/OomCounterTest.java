package dev.hostvirt.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OomCounterTest {
    @Test
    void readsTheOomKillCounterFromMemoryEventsAndVmstatText() {
        assertEquals(3, ContainerRunner.counter("low 0\nhigh 0\nmax 12\noom 4\noom_kill 3\noom_group_kill 0\n", "oom_kill"));
        assertEquals(17, ContainerRunner.counter("nr_free_pages 123\noom_kill 17\nnuma_hit 9", "oom_kill"));
        assertEquals(-1, ContainerRunner.counter("oom_kill_extra 5\n", "oom_kill"));
        assertEquals(-1, ContainerRunner.counter("oom_kill x\n", "oom_kill"));
        assertEquals(-1, ContainerRunner.counter("", "oom_kill"));
    }
}
