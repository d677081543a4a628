package com.kubetrader;

import static org.assertj.core.api.Assertions.assertThat;

import com.kubetrader.cli.KubetraderCli;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void theCommandLineAnswersHelpWithExitCodeZero() {
        assertThat(KubetraderCli.run("--help")).isZero();
    }
}
