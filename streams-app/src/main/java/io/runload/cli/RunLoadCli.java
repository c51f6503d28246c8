package io.runload.cli;

public final class RunLoadCli {
    public static void main(String[] args) {
        System.out.println("placeholder");
    }
}
