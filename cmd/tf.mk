## cmd/tf.mk: the tf tool, its library modules, man page and tests.
